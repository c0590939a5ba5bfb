import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SalonEvent } from '@/lib/api-types';
import { useCancelEvent } from '../api/events';

/** Cancelling is asked twice: everyone who answered is mailed and the channel is told. */
export function CancelEvent({ event }: { event: SalonEvent }) {
  const { t } = useTranslation();
  const cancel = useCancelEvent(event.id);
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button-danger" onClick={() => setAsking(true)}>
        {t('events.manage.cancel')}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={t('events.manage.cancel')}>
      <p>
        {t('events.manage.cancelConfirm', {
          count: event.counts.going + event.counts.waitlisted + event.counts.interested,
        })}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button-danger"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate()}
        >
          {t('events.manage.cancelYes')}
        </button>
        <button type="button" className="button button-secondary" autoFocus onClick={() => setAsking(false)}>
          {t('events.manage.cancelNo')}
        </button>
      </div>
      {cancel.isError && (
        <p className="form-error" role="alert">
          {t('app.error')}
        </p>
      )}
    </div>
  );
}
