import { useTranslation } from 'react-i18next';
import { DateTime } from '@/components/date-time';
import { LoadError, Loading } from '@/components/status';
import { useUpcomingEvents } from '../api/events';

/** Home: the next events. (Event pages come with the events issue; `/events/<id>` is their address.) */
export function UpcomingEvents() {
  const { t } = useTranslation();
  const events = useUpcomingEvents();
  if (events.isPending) return <Loading />;
  if (events.isError) return <LoadError retry={() => void events.refetch()} />;
  if (!events.data.length) return <p className="muted">{t('home.noEvents')}</p>;
  return (
    <ul className="event-list">
      {events.data.map((event) => (
        <li key={event.id} className="event">
          <span className="event-when">
            <DateTime iso={event.startsAt} style="full" />
          </span>
          <span className="event-title">{event.title}</span>
          <span className="muted">
            {event.status === 'cancelled' ? t('events.cancelled') : t(`events.${event.format}`)}
            {event.venueName ? ` · ${event.venueName}` : ''}
            {event.theme ? ` · ${event.theme.title}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
