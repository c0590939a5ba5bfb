import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/avatar';
import { LoadError, Loading } from '@/components/status';
import type { Attendee, SalonEvent } from '@/lib/api-types';
import { matchesName } from '@/utils/kana';
import { useAttendees, useCheckIn } from '../api/events';

/**
 * The door: one column, big targets, for a phone held in one hand. Search by name or its reading
 * (hiragana or katakana), tap to check in, tap again to undo. Going members first, then the waitlist.
 */
export function CheckIn({ event }: { event: SalonEvent }) {
  const { t } = useTranslation();
  const attendees = useAttendees(event.id);
  const checkIn = useCheckIn(event.id);
  const [query, setQuery] = useState('');
  const [last, setLast] = useState<{ name: string; attended: boolean } | null>(null);

  const expected = useMemo(
    () =>
      (attendees.data ?? []).filter(
        (a) => a.status === 'going' || a.status === 'waitlisted' || a.checkedInAt,
      ),
    [attendees.data],
  );
  if (attendees.isPending) return <Loading />;
  if (attendees.isError) return <LoadError retry={() => void attendees.refetch()} />;
  const shown = expected.filter((a) => matchesName(query, a.displayName, a.furigana));
  const arrived = expected.filter((a) => a.checkedInAt).length;

  function toggle(a: Attendee) {
    const attended = !a.checkedInAt;
    checkIn.mutate(
      { memberId: a.memberId, attended },
      { onSuccess: () => setLast({ name: a.displayName, attended }) },
    );
  }

  return (
    <div className="check-in">
      <p className="check-in-count" aria-live="polite">
        {t('events.checkIn.count', { arrived, expected: expected.length })}
      </p>
      <div className="field">
        <label htmlFor="check-in-search">{t('events.checkIn.search')}</label>
        <input
          id="check-in-search"
          type="search"
          value={query}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <p className="visually-hidden" role="status">
        {last && t(last.attended ? 'events.checkIn.done' : 'events.checkIn.undone', { name: last.name })}
      </p>
      {checkIn.isError && (
        <p className="form-error" role="alert">
          {t('app.error')}
        </p>
      )}
      {shown.length ? (
        <ul className="check-in-list">
          {shown.map((a) => (
            <li key={a.memberId} className={a.checkedInAt ? 'arrived' : undefined}>
              <Avatar name={a.displayName} url={a.avatarUrl} size={40} />
              <span className="check-in-name">
                {a.displayName}
                {a.furigana && <span className="muted check-in-reading">{a.furigana}</span>}
                {a.status === 'waitlisted' && (
                  <span className="muted check-in-reading">
                    {t('events.rsvp.waitlistedAt', { position: a.waitlistPosition })}
                  </span>
                )}
              </span>
              <button
                type="button"
                className={
                  a.checkedInAt ? 'button button-secondary check-in-button' : 'button check-in-button'
                }
                aria-pressed={Boolean(a.checkedInAt)}
                aria-label={t(a.checkedInAt ? 'events.checkIn.undoFor' : 'events.checkIn.checkInFor', {
                  name: a.displayName,
                })}
                disabled={checkIn.isPending && checkIn.variables.memberId === a.memberId}
                onClick={() => toggle(a)}
              >
                {a.checkedInAt ? t('events.checkIn.undo') : t('events.checkIn.checkIn')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{query ? t('events.checkIn.noMatch') : t('events.attendees.none')}</p>
      )}
    </div>
  );
}
