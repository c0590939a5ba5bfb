import { useEffect, useRef, useState } from 'react';

/**
 * A button that asks first: the question and 「はい」/「キャンセル」 replace it in place (focus moves to the
 * confirming button, and back to the first one on cancel), so it works with the keyboard and on a phone.
 */
export function ConfirmButton({
  label,
  question,
  yes,
  cancel,
  onConfirm,
  disabled,
  danger = false,
}: {
  label: string;
  question: string;
  yes: string;
  cancel: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const yesRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) yesRef.current?.focus();
    else if (wasAsking.current) startRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={startRef}
        type="button"
        className={danger ? 'button button-danger' : 'button button-secondary'}
        onClick={() => setAsking(true)}
        disabled={disabled}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="confirm manage-confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        ref={yesRef}
        type="button"
        className={danger ? 'button button-danger' : 'button'}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {yes}
      </button>
      <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
        {cancel}
      </button>
    </div>
  );
}
