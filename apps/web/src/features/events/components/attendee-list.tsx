import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { useMemberName } from '@/hooks/use-member-name';
import { LoadError, Loading } from '@/components/status';
import type { Attendee, SalonEvent } from '@/lib/api-types';
import { saveBlob } from '@/lib/http';
import { toCsv } from '@/utils/csv';
import { useAttendees } from '../api/events';

/** Organisers: who is going, who waits in which place, who is interested, who came; and a CSV of it. */
export function AttendeeList({ event }: { event: SalonEvent }) {
  const { t } = useTranslation();
  const attendees = useAttendees(event.id);
  const nameOf = useMemberName();
  if (attendees.isPending) return <Loading />;
  if (attendees.isError) return <LoadError retry={() => void attendees.refetch()} />;
  const items = attendees.data;
  const status = (a: Attendee) =>
    a.status === 'waitlisted'
      ? t('events.rsvp.waitlistedAt', { position: a.waitlistPosition })
      : t(`events.rsvp.badge.${a.status}`);

  function download() {
    const rows = [
      [
        t('events.attendees.name'),
        t('events.attendees.furigana'),
        t('events.attendees.status'),
        t('events.attendees.waitlist'),
        t('events.attendees.checkedIn'),
      ],
      ...items.map((a) => [
        nameOf(a),
        a.furigana,
        t(`events.rsvp.badge.${a.status}`),
        a.waitlistPosition,
        a.checkedInAt,
      ]),
    ];
    saveBlob(
      new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }),
      `attendees-${event.id.slice(0, 8)}.csv`,
    );
  }

  return (
    <>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={download} disabled={!items.length}>
          {t('events.attendees.csv')}
        </button>
        {event.status !== 'cancelled' && (
          <Link className="button" to={`/events/${event.id}/check-in`}>
            {t('events.manage.checkIn')}
          </Link>
        )}
      </div>
      {items.length ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('events.attendees.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('events.attendees.name')}</th>
                <th scope="col">{t('events.attendees.status')}</th>
                <th scope="col">{t('events.attendees.checkedIn')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.memberId}>
                  <th scope="row">
                    {a.former ? (
                      nameOf(a)
                    ) : (
                      <Link to={`/members/${a.memberId}`}>
                        {a.furigana ? (
                          <ruby>
                            {a.displayName}
                            <rt>{a.furigana}</rt>
                          </ruby>
                        ) : (
                          a.displayName
                        )}
                      </Link>
                    )}
                  </th>
                  <td>{status(a)}</td>
                  <td>{a.checkedInAt ? <DateTime iso={a.checkedInAt} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('events.attendees.none')}</p>
      )}
    </>
  );
}
