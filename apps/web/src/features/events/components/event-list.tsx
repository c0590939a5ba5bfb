import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { LoadError, Loading } from '@/components/status';
import { useEvents, type EventFilter } from '../api/events';
import { EventBadges } from './event-badges';

/** `/events`: upcoming (or past) events, filtered by theme, with my answer. */
export function EventList({ filter }: { filter: EventFilter }) {
  const { t } = useTranslation();
  const events = useEvents(filter);
  if (events.isPending) return <Loading />;
  if (events.isError) return <LoadError retry={() => void events.refetch()} />;
  const items = events.data.pages.flatMap((page) => page.items);
  if (!items.length)
    return <p className="muted">{filter.past ? t('events.noPast') : t('events.noUpcoming')}</p>;
  return (
    <>
      <ul className="card-list event-cards">
        {items.map((event) => (
          <li key={event.id} className="card event-card">
            <p className="event-when">
              <DateTime iso={event.startsAt} style="full" />
            </p>
            <h2 className="card-title">
              <Link to={`/events/${event.id}`}>{event.title}</Link>
            </h2>
            <p className="event-meta">
              <EventBadges event={event} />
              <span className="muted">
                {[event.venueName, event.theme?.title].filter(Boolean).join(' · ')}
              </span>
              <span className="muted">
                {event.capacity === null
                  ? t('events.goingCount', { count: event.counts.going })
                  : t('events.seats', { going: event.counts.going, capacity: event.capacity })}
              </span>
            </p>
          </li>
        ))}
      </ul>
      {events.hasNextPage && (
        <p>
          <button
            type="button"
            className="button button-secondary"
            disabled={events.isFetchingNextPage}
            onClick={() => void events.fetchNextPage()}
          >
            {t('events.more')}
          </button>
        </p>
      )}
    </>
  );
}
