import { useTranslation } from 'react-i18next';
import type { RsvpStatus, SalonEvent } from '@/lib/api-types';
import { errorMessage } from '@/lib/error-message';
import { useRsvp } from '../api/events';
import { isFull, rsvpOpen } from './event-badges';

type Answer = Exclude<RsvpStatus, 'waitlisted'>;

/**
 * 参加する / 興味あり / 参加をやめる. A full event offers the waitlist instead of a seat; my answer is
 * pressed (aria-pressed) and said in words, with my place on the waitlist.
 */
export function RsvpButtons({ event }: { event: SalonEvent }) {
  const { t } = useTranslation();
  const rsvp = useRsvp(event.id);
  const mine = event.myRsvp?.status ?? null;
  const open = rsvpOpen(event);
  const seated = mine === 'going' || mine === 'waitlisted';
  const goingLabel = isFull(event) && !seated ? t('events.rsvp.joinWaitlist') : t('events.rsvp.going');

  const answer = (status: Answer) => rsvp.mutate(status);
  const pressed = (status: Answer) => mine === status || (status === 'going' && mine === 'waitlisted');

  return (
    <div className="rsvp">
      <p className="rsvp-state" aria-live="polite">
        {mine === 'going' && t('events.rsvp.youAreGoing')}
        {mine === 'waitlisted' &&
          t('events.rsvp.youAreWaitlisted', { position: event.myRsvp?.waitlistPosition ?? '?' })}
        {mine === 'interested' && t('events.rsvp.youAreInterested')}
        {(mine === null || mine === 'not_going') && t('events.rsvp.noAnswer')}
        {event.myRsvp?.checkedIn && ` ${t('events.rsvp.checkedIn')}`}
      </p>
      {open ? (
        <div className="button-row" role="group" aria-label={t('events.rsvp.title')}>
          <button
            type="button"
            className="button"
            aria-pressed={pressed('going')}
            disabled={rsvp.isPending || seated}
            onClick={() => answer('going')}
          >
            {goingLabel}
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-pressed={pressed('interested')}
            disabled={rsvp.isPending || mine === 'interested'}
            onClick={() => answer('interested')}
          >
            {t('events.rsvp.interested')}
          </button>
          {mine !== null && mine !== 'not_going' && (
            <button
              type="button"
              className="button button-secondary"
              disabled={rsvp.isPending}
              onClick={() => answer('not_going')}
            >
              {t('events.rsvp.notGoing')}
            </button>
          )}
        </div>
      ) : (
        <p className="muted">{t('events.rsvp.closed')}</p>
      )}
      {rsvp.isError && (
        <p className="form-error" role="alert">
          {errorMessage(rsvp.error, t, 'events', ['RSVP_CLOSED', 'EVENT_CANCELLED', 'RATE_LIMITED'])}
        </p>
      )}
    </div>
  );
}
