import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Avatar } from '@/components/avatar';
import { DateTime } from '@/components/date-time';
import { PageTitle } from '@/components/page-title';
import { LoadError, Loading } from '@/components/status';
import { useMember } from '@/hooks/use-session';
import type { MemberEvent, MemberProfile } from '@/lib/api-types';
import { ApiError } from '@/lib/http';
import { useMemberProfile } from '../api/members';
import { MemberName } from './member-name';
import { MemberProjects } from './member-projects';

/** A member's profile: who they are, what they can help with, the themes and events they take part in. */
export function MemberProfileView({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMember();
  const profile = useMemberProfile(id);
  if (profile.isPending) return <Loading />;
  if (profile.isError) {
    if (profile.error instanceof ApiError && [400, 404].includes(profile.error.status)) {
      return (
        <>
          <PageTitle>{t('members.notFoundTitle')}</PageTitle>
          <p>{t('members.notFound')}</p>
          <p>
            <Link to="/members">{t('members.backToDirectory')}</Link>
          </p>
        </>
      );
    }
    return <LoadError retry={() => void profile.refetch()} />;
  }
  return <Profile member={profile.data} me={me.id} />;
}

function Profile({ member, me }: { member: MemberProfile; me: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${member.displayName} | ${t('app.name')}`;
  }, [member.displayName, t]);
  const upcoming = member.events.filter((event) => !event.past);
  const recent = member.events.filter((event) => event.past);
  return (
    <article className="profile">
      <header className="profile-head">
        <Avatar name={member.displayName} url={member.avatarUrl} size={96} />
        <div>
          <h1 className="page-title profile-name">
            <MemberName name={member.displayName} furigana={member.furigana} />
          </h1>
          <p className="muted">
            {[
              member.relation && t(`members.relation.${member.relation}`),
              member.homeArea,
              member.role !== 'member' && t(`members.role.${member.role}`),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {member.openToHelp && <p className="badge badge-help">{t('members.openToHelp')}</p>}
          {me === member.id && (
            <p>
              <Link to="/settings/profile" className="button button-secondary">
                {t('members.editMine')}
              </Link>
            </p>
          )}
        </div>
      </header>

      {member.bio && (
        <section aria-labelledby="profile-bio">
          <h2 id="profile-bio">{t('members.bio')}</h2>
          <p className="profile-bio">{member.bio}</p>
        </section>
      )}

      {member.skills.length > 0 && (
        <section aria-labelledby="profile-skills">
          <h2 id="profile-skills">{t('members.skills')}</h2>
          <ul className="tags">
            {member.skills.map((skill) => (
              <li key={skill}>
                <Link className="tag" to={`/members?skill=${encodeURIComponent(skill)}`}>
                  {skill}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      {member.links.length > 0 && (
        <section aria-labelledby="profile-links">
          <h2 id="profile-links">{t('members.links')}</h2>
          <ul className="plain-list">
            {member.links.map((link) => (
              <li key={`${link.label}-${link.url}`}>
                <a href={link.url} target="_blank" rel="noopener noreferrer nofollow">
                  {link.label}
                </a>{' '}
                <span className="muted profile-url">{link.url}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {member.pastProjects.length > 0 && (
        <section aria-labelledby="profile-projects">
          <h2 id="profile-projects">{t('members.pastProjects')}</h2>
          <ul className="plain-list">
            {member.pastProjects.map((project, index) => (
              <li key={index}>
                {project.theme}
                {(project.role || project.year) && (
                  <span className="muted"> ({[project.role, project.year].filter(Boolean).join(', ')})</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <MemberProjects projects={member.projects} />

      <section aria-labelledby="profile-themes">
        <h2 id="profile-themes">{t('members.themes')}</h2>
        {member.themes.length ? (
          <ul className="tags">
            {member.themes.map((theme) => (
              <li key={theme.id}>
                <Link className="tag" to={`/themes/${theme.slug}`}>
                  {theme.title}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('members.noThemes')}</p>
        )}
      </section>

      <section aria-labelledby="profile-events">
        <h2 id="profile-events">{t('members.events')}</h2>
        {member.events.length === 0 && <p className="muted">{t('members.noEvents')}</p>}
        {upcoming.length > 0 && <EventList title={t('members.upcomingEvents')} events={upcoming} />}
        {recent.length > 0 && <EventList title={t('members.recentEvents')} events={recent} />}
      </section>
    </article>
  );
}

function EventList({ title, events }: { title: string; events: MemberEvent[] }) {
  const { t } = useTranslation();
  return (
    <>
      <h3 className="profile-subhead">{title}</h3>
      <ul className="plain-list profile-events">
        {events.map((event) => (
          <li key={event.id}>
            <Link to={`/events/${event.id}`}>{event.title}</Link>
            <span className="muted">
              {' '}
              <DateTime iso={event.startsAt} style="full" />
              {event.theme && ` · ${event.theme.title}`}
            </span>{' '}
            <span className="badge">
              {event.attended ? t('members.attended') : t(`members.rsvp.${event.rsvp}`)}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
