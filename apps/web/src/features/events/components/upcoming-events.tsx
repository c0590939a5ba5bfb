import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { LoadError, Loading } from '@/components/status';
import { useUpcomingEvents } from '../api/events';
import { EventBadges } from './event-badges';

/** Home: the next events, each a link to its page. */
export function UpcomingEvents() {
  const { t } = useTranslation();
  const events = useUpcomingEvents();
  if (events.isPending) return <Loading />;
  if (events.isError) return <LoadError retry={() => void events.refetch()} />;
  if (!events.data.length) return <p className="muted">{t('home.noEvents')}</p>;
  return (
    <>
      <ul className="event-list">
        {events.data.map((event) => (
          <li key={event.id} className="event">
            <span className="event-when">
              <DateTime iso={event.startsAt} style="full" />
            </span>
            <Link className="event-title" to={`/events/${event.id}`}>
              {event.title}
            </Link>
            <span className="muted">
              <EventBadges event={event} />
              {event.venueName ? ` · ${event.venueName}` : ''}
              {event.theme ? ` · ${event.theme.title}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/events">{t('events.all')}</Link>
      </p>
    </>
  );
}
