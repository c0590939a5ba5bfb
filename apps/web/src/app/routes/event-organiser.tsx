import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PageTitle } from '@/components/page-title';
import { LoadError, Loading } from '@/components/status';
import { useEvent } from '@/features/events/api/events';
import { AttendeeList } from '@/features/events/components/attendee-list';
import { CheckIn } from '@/features/events/components/check-in';
import { EventForm } from '@/features/events/components/event-form';
import { useThemes } from '@/features/themes/api/themes';
import { useMember } from '@/hooks/use-session';
import type { SalonEvent } from '@/lib/api-types';
import { manageableThemes } from './event-permissions';

/** `/events/new` and `/events/:id/edit`: the form, for those who may announce events. */
function EventFormPage({ editing }: { editing: boolean }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMember();
  const navigate = useNavigate();
  const themes = useThemes();
  const event = useEvent(id, editing);
  if (themes.isPending || (editing && event.isPending)) return <Loading />;
  if (themes.isError) return <LoadError retry={() => void themes.refetch()} />;
  if (editing && event.isError) return <LoadError message={t('events.notFound')} />;
  const choices = manageableThemes(themes.data, me);
  const current = editing ? (event.data ?? null) : null;
  const allowed = current ? current.canManage : me.role !== 'member' || choices.length > 0;
  const title = current ? t('events.form.editTitle') : t('events.form.newTitle');
  return (
    <div className="page page-narrow">
      {current && (
        <p className="crumb">
          <Link to={`/events/${current.id}`}>{current.title}</Link>
        </p>
      )}
      <PageTitle>{title}</PageTitle>
      {allowed ? (
        <EventForm
          event={current}
          themes={choices}
          salonWide={me.role !== 'member'}
          defaultTimeZone={me.timeZone}
          onSaved={(saved) => void navigate(`/events/${saved.id}`)}
        />
      ) : (
        <p className="status status-error" role="alert">
          {t('events.errors.NOT_EVENT_MANAGER')}
        </p>
      )}
    </div>
  );
}

/** `/events/:id/attendees` and `/events/:id/check-in`: the organisers' screens of one event. */
function EventOrganiserPage({ screen }: { screen: 'attendees' | 'check-in' }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const event = useEvent(id);
  if (event.isPending) return <Loading />;
  if (event.isError) return <LoadError message={t('events.notFound')} />;
  return (
    <div className={screen === 'check-in' ? 'page page-narrow' : 'page'}>
      <p className="crumb">
        <Link to={`/events/${id}`}>{event.data.title}</Link>
      </p>
      <PageTitle>{screen === 'check-in' ? t('events.checkIn.title') : t('events.attendees.title')}</PageTitle>
      <OrganiserScreen event={event.data} screen={screen} />
    </div>
  );
}

function OrganiserScreen({ event, screen }: { event: SalonEvent; screen: 'attendees' | 'check-in' }) {
  const { t } = useTranslation();
  if (!event.canManage) {
    return (
      <p className="status status-error" role="alert">
        {t('events.errors.NOT_EVENT_MANAGER')}
      </p>
    );
  }
  return screen === 'check-in' ? <CheckIn event={event} /> : <AttendeeList event={event} />;
}

export const NewEventPage = () => <EventFormPage editing={false} />;
export const EditEventPage = () => <EventFormPage editing />;
export const AttendeesPage = () => <EventOrganiserPage screen="attendees" />;
export const CheckInPage = () => <EventOrganiserPage screen="check-in" />;
