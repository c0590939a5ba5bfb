import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError, Loading } from '@/components/status';
import type { DigestSetting, NotificationSettings } from '@/lib/api-types';
import { ApiError } from '@/lib/http';
import { problemMessageKey, problemsByField } from '@/utils/field-errors';
import { useNotificationSettings, useUpdateNotificationSettings } from '../api/notifications';

const DIGESTS: DigestSetting[] = ['weekly', 'daily', 'off'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

export function NotificationSettingsForm() {
  const settings = useNotificationSettings();
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <LoadError retry={() => void settings.refetch()} />;
  return <DigestForm settings={settings.data} />;
}

/** How often the digest comes (毎週 / 毎日 / 受け取らない), and on which weekday and hour in my zone. */
function DigestForm({ settings }: { settings: NotificationSettings }) {
  const { t } = useTranslation();
  const id = useId();
  const [digest, setDigest] = useState(settings.digest);
  const [weekday, setWeekday] = useState(settings.sendWeekday);
  const [hour, setHour] = useState(settings.sendHour);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const update = useUpdateNotificationSettings();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    try {
      await update.mutateAsync({ digest, sendWeekday: weekday, sendHour: hour });
      setSaved(true);
    } catch (caught) {
      const code =
        caught instanceof ApiError && caught.code === 'VALIDATION_FAILED'
          ? Object.values(problemsByField(caught.details?.fields))[0]
          : undefined;
      setFailure(code ? t(problemMessageKey(code)) : t('settings.saveFailed'));
    }
  }

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)}>
      <fieldset className="field radio-group">
        <legend>{t('settings.digest')}</legend>
        {DIGESTS.map((value) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name={`${id}-digest`}
              value={value}
              checked={digest === value}
              onChange={() => {
                setDigest(value);
                setSaved(false);
              }}
            />
            {t(`settings.digestChoice.${value}`)}
          </label>
        ))}
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-weekday`}>{t('settings.weekday')}</label>
          <select
            id={`${id}-weekday`}
            value={weekday}
            disabled={digest !== 'weekly'}
            onChange={(event) => {
              setWeekday(Number(event.target.value));
              setSaved(false);
            }}
          >
            {WEEKDAYS.map((day) => (
              <option key={day} value={day}>
                {t(`settings.weekdays.${day}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-hour`}>{t('settings.hour')}</label>
          <select
            id={`${id}-hour`}
            value={hour}
            disabled={digest === 'off'}
            aria-describedby={`${id}-zone`}
            onChange={(event) => {
              setHour(Number(event.target.value));
              setSaved(false);
            }}
          >
            {HOURS.map((value) => (
              <option key={value} value={value}>
                {t('settings.hourOption', { hour: value })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id={`${id}-zone`} className="muted">
        {t('settings.inZone', { zone: settings.timeZone })}{' '}
        <Link to="/settings/profile">{t('settings.changeZone')}</Link>
      </p>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <p role="status" className={saved ? 'form-success' : 'visually-hidden'}>
        {saved ? t('settings.savedDigest', { digest: t(`settings.digestChoice.${digest}`) }) : ''}
      </p>
      <div className="form-actions">
        <button type="submit" className="button" disabled={update.isPending}>
          {update.isPending ? t('settings.saving') : t('settings.save')}
        </button>
      </div>
    </form>
  );
}
