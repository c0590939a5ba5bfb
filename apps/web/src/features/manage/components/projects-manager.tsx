import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/avatar';
import { LoadError, Loading } from '@/components/status';
import { useMemberName } from '@/hooks/use-member-name';
import type { ParticipantRole, Project, ProjectStatus } from '@/lib/api-types';
import { ApiError } from '@/lib/http';
import { daysInOrder, formatDayRange } from '@/utils/day-range';
import { formText } from '@/utils/form-text';
import {
  PARTICIPANT_ROLES,
  PROJECT_STATUSES,
  projectErrorMessage,
  useCreateProject,
  useParticipant,
  useThemeProjects,
  useUpdateProject,
  type ProjectFields,
} from '../api/projects';
import { MemberSearch } from './member-search';

/** The field an api refusal concerns (INVALID_PROJECT_DATES and VALIDATION_FAILED name it), if one of ours. */
function faultyField(error: unknown): keyof ProjectFields | null {
  if (!(error instanceof ApiError)) return null;
  const field = error.fields[0]?.field;
  return field === 'title' || field === 'startsOn' || field === 'endsOn' || field === 'status' ? field : null;
}

/**
 * A project's title, days and status, to create one or change it. A last day before the first is stopped
 * in the browser (the same rule as the api's INVALID_PROJECT_DATES); the api's refusal shows at its field.
 */
function ProjectForm({
  project,
  labelledBy,
  submitLabel,
  onSubmit,
}: {
  project?: Project;
  /** The heading that names the form (so it is a `form` landmark people can find). */
  labelledBy: string;
  submitLabel: string;
  onSubmit: (fields: ProjectFields) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [startsOn, setStartsOn] = useState(project?.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(project?.endsOn ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: keyof ProjectFields | null; message: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const inOrder = daysInOrder(startsOn, endsOn);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => formText(data, name);
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await onSubmit({
        title: text('title'),
        startsOn,
        endsOn,
        status: text('status') as ProjectStatus,
      });
      setSaved(true);
      if (!project) {
        form.current?.reset();
        setStartsOn('');
        setEndsOn('');
      }
    } catch (caught) {
      const field = faultyField(caught);
      setError({ field, message: projectErrorMessage(caught, t) });
      if (field) form.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
    } finally {
      setBusy(false);
    }
  }

  const invalid = (field: keyof ProjectFields) =>
    error?.field === field || (field === 'endsOn' && !inOrder) || undefined;
  const described = (field: keyof ProjectFields) =>
    error?.field === field ? `${id}-error` : field === 'endsOn' && !inOrder ? `${id}-order` : undefined;

  return (
    <form
      ref={form}
      className="manage-form project-form"
      aria-labelledby={labelledBy}
      onSubmit={(event) => void submit(event)}
    >
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('projects.manage.title')}</label>
        <input
          id={`${id}-title`}
          name="title"
          required
          maxLength={120}
          defaultValue={project?.title}
          aria-invalid={invalid('title')}
          aria-describedby={described('title')}
        />
      </div>
      <div className="project-form-days">
        <div className="field">
          <label htmlFor={`${id}-startsOn`}>{t('projects.manage.startsOn')}</label>
          <input
            id={`${id}-startsOn`}
            name="startsOn"
            type="date"
            required
            value={startsOn}
            onChange={(event) => setStartsOn(event.target.value)}
            aria-invalid={invalid('startsOn')}
            aria-describedby={described('startsOn')}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-endsOn`}>{t('projects.manage.endsOn')}</label>
          <input
            id={`${id}-endsOn`}
            name="endsOn"
            type="date"
            required
            min={startsOn || undefined}
            value={endsOn}
            onChange={(event) => setEndsOn(event.target.value)}
            aria-invalid={invalid('endsOn')}
            aria-describedby={described('endsOn')}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('projects.manage.status')}</label>
          <select id={`${id}-status`} name="status" defaultValue={project?.status ?? 'planned'}>
            {PROJECT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`projects.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {!inOrder && (
        <p id={`${id}-order`} className="form-error">
          {t('projects.errors.INVALID_PROJECT_DATES')}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error.message}
        </p>
      )}
      <div className="manage-form-actions">
        <button type="submit" className="button" disabled={busy || !inOrder}>
          {submitLabel}
        </button>
        <span role="status" className="muted">
          {saved ? t('projects.manage.saved') : ''}
        </span>
      </div>
    </form>
  );
}

/** Who takes part, in which role (change it, take them off), and adding people found by name. */
function Participants({ slug, project, readOnly }: { slug: string; project: Project; readOnly: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const name = useMemberName();
  const participant = useParticipant(slug);
  const [role, setRole] = useState<ParticipantRole>('side_job_professional');
  const present = new Set(project.participants.map((p) => p.memberId));
  const set = (memberId: string, next: ParticipantRole | null) =>
    participant.mutate({ projectId: project.id, memberId, role: next });

  return (
    <div className="project-participants">
      <h3 id={`${id}-heading`}>{t('projects.manage.participants')}</h3>
      {project.participants.length === 0 ? (
        <p className="muted">{t('projects.manage.noParticipants')}</p>
      ) : (
        <ul className="manage-people" aria-labelledby={`${id}-heading`}>
          {project.participants.map((person) => (
            <li key={person.memberId}>
              <span className="manage-person">
                <Avatar name={name(person)} url={person.avatarUrl} size={28} />
                <span>{name(person)}</span>
              </span>
              <span className="manage-actions">
                <label htmlFor={`${id}-${person.memberId}`} className="visually-hidden">
                  {t('projects.manage.roleOf', { name: name(person) })}
                </label>
                <select
                  id={`${id}-${person.memberId}`}
                  value={person.role}
                  disabled={readOnly || participant.isPending || person.former}
                  onChange={(event) => set(person.memberId, event.target.value as ParticipantRole)}
                >
                  {PARTICIPANT_ROLES.map((value) => (
                    <option key={value} value={value}>
                      {t(`projects.role.${value}`)}
                    </option>
                  ))}
                </select>
                {!readOnly && (
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={t('projects.manage.removeOf', { name: name(person) })}
                    disabled={participant.isPending}
                    onClick={() => set(person.memberId, null)}
                  >
                    {t('projects.manage.remove')}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <>
          <div className="field project-add-role">
            <label htmlFor={`${id}-role`}>{t('projects.manage.addRole')}</label>
            <select
              id={`${id}-role`}
              value={role}
              onChange={(event) => setRole(event.target.value as ParticipantRole)}
            >
              {PARTICIPANT_ROLES.map((value) => (
                <option key={value} value={value}>
                  {t(`projects.role.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <MemberSearch
            label={t('projects.manage.search')}
            listClassName="manage-people manage-results"
            hit={(member) => (
              <li key={member.id}>
                <span className="manage-person">
                  <Avatar name={member.displayName} url={member.avatarUrl} size={28} />
                  <span>{member.displayName}</span>
                </span>
                {!present.has(member.id) && (
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={t('projects.manage.addOf', { name: member.displayName })}
                    disabled={participant.isPending}
                    onClick={() => set(member.id, role)}
                  >
                    {t('projects.manage.add')}
                  </button>
                )}
              </li>
            )}
          />
        </>
      )}
      {participant.isError && (
        <p className="form-error" role="alert">
          {projectErrorMessage(participant.error, t)}
        </p>
      )}
    </div>
  );
}

function ProjectItem({ slug, project, readOnly }: { slug: string; project: Project; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const update = useUpdateProject(slug);
  return (
    <li className="card manage-project" data-project={project.id}>
      <details>
        <summary>
          <span className="manage-project-title">{project.title}</span>{' '}
          <span className="muted">{formatDayRange(project.startsOn, project.endsOn, i18n.language)}</span>{' '}
          <span className="badge">{t(`projects.status.${project.status}`)}</span>
          {project.ended && (
            <>
              {' '}
              <span className="badge badge-alumni">{t('projects.alumni')}</span>
            </>
          )}{' '}
          <span className="muted">
            {t('projects.manage.participantCount', { count: project.participants.length })}
          </span>
        </summary>
        {!readOnly && (
          <>
            <h3 id={`${id}-edit`}>{t('projects.manage.edit')}</h3>
            <ProjectForm
              project={project}
              labelledBy={`${id}-edit`}
              submitLabel={t('projects.manage.save')}
              onSubmit={(fields) => update.mutateAsync({ id: project.id, ...fields })}
            />
          </>
        )}
        <Participants slug={slug} project={project} readOnly={readOnly} />
      </details>
    </li>
  );
}

/**
 * A theme's projects on its managing page: create one, change its days and status, add participants with a
 * role (found by name), change roles, take people off. Read only once the theme is archived.
 */
export function ProjectsManager({ slug, readOnly }: { slug: string; readOnly: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const projects = useThemeProjects(slug);
  const create = useCreateProject(slug);
  return (
    <section aria-labelledby={`${id}-heading`} className="manage-section">
      <h2 id={`${id}-heading`}>{t('projects.heading')}</h2>
      <p className="muted">{readOnly ? t('projects.manage.readOnly') : t('projects.manage.lead')}</p>
      {projects.isPending ? (
        <Loading />
      ) : projects.isError ? (
        <LoadError retry={() => void projects.refetch()} />
      ) : projects.data.length === 0 ? (
        <p className="muted">{t('projects.manage.none')}</p>
      ) : (
        <ul className="card-list manage-projects">
          {projects.data.map((project) => (
            <ProjectItem key={project.id} slug={slug} project={project} readOnly={readOnly} />
          ))}
        </ul>
      )}
      {!readOnly && (
        <>
          <h3 id={`${id}-new`}>{t('projects.manage.new')}</h3>
          <ProjectForm
            labelledBy={`${id}-new`}
            submitLabel={t('projects.manage.create')}
            onSubmit={(fields) => create.mutateAsync(fields)}
          />
        </>
      )}
    </section>
  );
}
