import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { PageTitle } from '@/components/page-title';
import { LoadError, Loading } from '@/components/status';
import { useMember } from '@/hooks/use-session';
import type { SalonEvent } from '@/lib/api-types';
import { ApiError } from '@/lib/http';
import { formatRange } from '@/utils/format-date';
import { downloadEventIcs, useEvent } from '../api/events';
import { CancelEvent } from './cancel-event';
import { EventBadges, rsvpOpen } from './event-badges';
import { RsvpButtons } from './rsvp-buttons';

/**
 * `/events/:id`: everything about an event, my answer, and the organisers' tools. `calendarFeed` is the
 * private feed's controls, which another feature owns (the page hands them in).
 */
export function EventDetail({ id, calendarFeed }: { id: string; calendarFeed: ReactNode }) {
  const { t } = useTranslation();
  const event = useEvent(id);
  if (event.isPending) return <Loading />;
  if (event.isError) {
    const missing = event.error instanceof ApiError && event.error.status === 404;
    return (
      <>
        <PageTitle>{t('events.notFoundTitle')}</PageTitle>
        <LoadError
          message={missing ? t('events.notFound') : undefined}
          retry={missing ? undefined : () => void event.refetch()}
        />
        <p>
          <Link to="/events">{t('events.backToList')}</Link>
        </p>
      </>
    );
  }
  return <EventView event={event.data} calendarFeed={calendarFeed} />;
}

function EventView({ event, calendarFeed }: { event: SalonEvent; calendarFeed: ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useMember();
  const [icsError, setIcsError] = useState(false);
  const locale = i18n.language;
  const mine = formatRange(event.startsAt, event.endsAt, { locale, timeZone: me.timeZone });
  const local = formatRange(event.startsAt, event.endsAt, { locale, timeZone: event.timeZone });
  const cancelled = event.status === 'cancelled';

  return (
    <article className="event-page">
      <p className="crumb">
        <Link to="/events">{t('events.title')}</Link>
        {event.theme && (
          <>
            {' / '}
            <Link to={`/themes/${event.theme.slug}`}>{event.theme.title}</Link>
          </>
        )}
      </p>
      <PageTitle>{event.title}</PageTitle>
      <EventBadges event={event} />

      {cancelled ? (
        <p className="notice notice-danger" role="note">
          {t('events.cancelledNotice')}
        </p>
      ) : (
        !rsvpOpen(event) && (
          <p className="notice" role="note">
            {new Date(event.endsAt) < new Date() ? t('events.endedNotice') : t('events.closedNotice')}
          </p>
        )
      )}

      <dl className="event-facts">
        <dt>{t('events.when')}</dt>
        <dd>
          <time dateTime={event.startsAt}>{mine}</time>
          {event.timeZone !== me.timeZone && (
            <span className="muted event-local-time">
              {t('events.localTime', { zone: event.timeZone, time: local })}
            </span>
          )}
        </dd>
        <dt>{t('events.where')}</dt>
        <dd>
          {event.format !== 'onsite' && <span className="event-where-line">{t('events.online')}</span>}
          {event.venueName && (
            <span className="event-where-line">
              {event.venueName}
              {event.venueAddress && <span className="muted"> {event.venueAddress}</span>}{' '}
              <a
                href={mapLink(event.venueAddress ?? event.venueName)}
                target="_blank"
                rel="noopener noreferrer"
              >
                {t('events.map')}
              </a>
            </span>
          )}
          {event.joinUrl && (
            <span className="event-where-line">
              {t('events.joinUrl')}{' '}
              <a href={event.joinUrl} target="_blank" rel="noopener noreferrer">
                {event.joinUrl}
              </a>
            </span>
          )}
        </dd>
        <dt>{t('events.attendance')}</dt>
        <dd>
          {event.capacity === null
            ? t('events.goingCount', { count: event.counts.going })
            : t('events.seats', { going: event.counts.going, capacity: event.capacity })}
          {event.counts.waitlisted > 0 &&
            ` · ${t('events.waitlistCount', { count: event.counts.waitlisted })}`}
          {event.counts.interested > 0 &&
            ` · ${t('events.interestedCount', { count: event.counts.interested })}`}
        </dd>
        {event.rsvpDeadline && (
          <>
            <dt>{t('events.deadline')}</dt>
            <dd>
              <DateTime iso={event.rsvpDeadline} style="full" />
            </dd>
          </>
        )}
      </dl>

      {event.description && <p className="event-description">{event.description}</p>}

      {!cancelled && (
        <section aria-labelledby="event-rsvp" className="event-section">
          <h2 id="event-rsvp">{t('events.rsvp.title')}</h2>
          <RsvpButtons event={event} />
        </section>
      )}

      <section aria-labelledby="event-calendar" className="event-section">
        <h2 id="event-calendar">{t('events.calendar.title')}</h2>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setIcsError(false);
            downloadEventIcs(event).catch(() => setIcsError(true));
          }}
        >
          {t('events.calendar.add')}
        </button>
        {icsError && (
          <p className="form-error" role="alert">
            {t('app.error')}
          </p>
        )}
        <p className="muted">{t('events.calendar.feedHint')}</p>
        {calendarFeed}
      </section>

      {event.canManage && (
        <section aria-labelledby="event-manage" className="event-section">
          <h2 id="event-manage">{t('events.manage.title')}</h2>
          <div className="button-row">
            {!cancelled && (
              <Link className="button button-secondary" to={`/events/${event.id}/edit`}>
                {t('events.manage.edit')}
              </Link>
            )}
            <Link className="button button-secondary" to={`/events/${event.id}/attendees`}>
              {t('events.manage.attendees')}
            </Link>
            {!cancelled && (
              <Link className="button button-secondary" to={`/events/${event.id}/check-in`}>
                {t('events.manage.checkIn')}
              </Link>
            )}
            {!cancelled && <CancelEvent event={event} />}
          </div>
        </section>
      )}
    </article>
  );
}

/** A map search for the venue (no embedded map: nothing from another origin is loaded). */
function mapLink(place: string): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(place)}`;
}
