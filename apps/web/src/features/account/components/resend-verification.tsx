import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountErrorMessage, resendVerification } from '../api/account';

/** 「確認メールを再送」 and what came of it, announced to screen readers. */
export function ResendVerification() {
  const { t } = useTranslation();
  const [state, setState] = useState<{ busy: boolean; result: string | null; failed: boolean }>({
    busy: false,
    result: null,
    failed: false,
  });

  async function resend() {
    setState({ busy: true, result: null, failed: false });
    try {
      await resendVerification();
      setState({ busy: false, result: t('account.verify.resent'), failed: false });
    } catch (caught) {
      setState({ busy: false, result: accountErrorMessage(caught, t), failed: true });
    }
  }

  return (
    <span className="resend-verification">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void resend()}
        disabled={state.busy}
      >
        {t('account.verify.resend')}
      </button>
      <span role="status" className={state.failed ? 'form-error' : undefined}>
        {state.result ?? ''}
      </span>
    </span>
  );
}
