import { useParams } from 'react-router';
import { EventDetail } from '@/features/events/components/event-detail';
import { CalendarFeed } from '@/features/settings/components/calendar-feed';

/** `/events/:id` (the organisers' screens are in event-organiser.tsx, loaded on first use). */
export function EventPage() {
  const { id = '' } = useParams();
  return (
    <div className="page">
      <EventDetail key={id} id={id} calendarFeed={<CalendarFeed />} />
    </div>
  );
}
