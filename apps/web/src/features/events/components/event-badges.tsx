import { useTranslation } from 'react-i18next';
import type { SalonEvent } from '@/lib/api-types';

/** Online / on site / hybrid, cancelled, and my answer, as small labels beside an event's title. */
export function EventBadges({ event }: { event: SalonEvent }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      {event.status === 'cancelled' ? (
        <span className="badge badge-cancelled">{t('events.cancelled')}</span>
      ) : (
        <span className={`badge badge-${event.format}`}>{t(`events.${event.format}`)}</span>
      )}
      {event.myRsvp && event.myRsvp.status !== 'not_going' && (
        <span className={`badge badge-rsvp-${event.myRsvp.status}`}>
          {event.myRsvp.status === 'waitlisted'
            ? t('events.rsvp.waitlistedAt', { position: event.myRsvp.waitlistPosition })
            : t(`events.rsvp.badge.${event.myRsvp.status}`)}
        </span>
      )}
    </span>
  );
}

/** Whether answers are still taken: not cancelled, not past the deadline, not over. */
export function rsvpOpen(event: SalonEvent, now = new Date()): boolean {
  if (event.status === 'cancelled' || new Date(event.endsAt) < now) return false;
  return !event.rsvpDeadline || new Date(event.rsvpDeadline) >= now;
}

export function isFull(event: SalonEvent): boolean {
  return event.capacity !== null && event.counts.going >= event.capacity;
}
