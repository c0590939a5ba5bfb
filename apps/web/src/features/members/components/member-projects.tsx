import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MemberProject } from '@/lib/api-types';
import { formatDayRange } from '@/utils/day-range';

/**
 * The projects a member took part in, the latest first: the theme, the project, their role and its days; 修了 /
 * "Alumni" once it ended (the day after its last day in Japan). Strings: locales/projects.
 */
export function MemberProjects({ projects }: { projects: MemberProject[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="profile-salon-projects">
      <h2 id="profile-salon-projects">{t('projects.profile.heading')}</h2>
      {projects.length === 0 ? (
        <p className="muted">{t('projects.profile.none')}</p>
      ) : (
        <ul className="plain-list profile-projects">
          {projects.map((project) => (
            <li key={project.projectId}>
              <Link to={`/themes/${project.themeSlug}`}>
                {i18n.language === 'en' && project.themeTitleEn ? project.themeTitleEn : project.themeTitle}
              </Link>
              {' · '}
              <span>{project.title}</span>{' '}
              <span className="muted">
                ({t(`projects.role.${project.role}`)},{' '}
                {formatDayRange(project.startsOn, project.endsOn, i18n.language)})
              </span>{' '}
              {project.alumni ? (
                <span
                  className="badge badge-alumni"
                  title={t('projects.profile.alumniOf', { title: project.title })}
                >
                  {t('projects.alumni')}
                </span>
              ) : (
                <span className="badge">{t(`projects.status.${project.status}`)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
