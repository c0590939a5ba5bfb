import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { ParticipantRole, Project, ProjectStatus } from '@/lib/api-types';
import { errorMessage } from '@/lib/error-message';
import { api } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

export const PARTICIPANT_ROLES: readonly ParticipantRole[] = [
  'theme_owner',
  'side_job_professional',
  'coordinator',
  'supporter',
];
export const PROJECT_STATUSES: readonly ProjectStatus[] = ['planned', 'running', 'ended'];

const KNOWN_ERRORS = [
  'INVALID_PROJECT_DATES',
  'THEME_ARCHIVED',
  'NOT_THEME_MANAGER',
  'MEMBER_NOT_FOUND',
  'MEMBER_LEFT',
  'PROJECT_NOT_FOUND',
  'VALIDATION_FAILED',
];

/** A failure of a projects call in the member's words (strings: locales/projects). */
export function projectErrorMessage(error: unknown, t: TFunction): string {
  return errorMessage(error, t, 'projects', KNOWN_ERRORS);
}

export interface ProjectFields {
  title: string;
  startsOn: string;
  endsOn: string;
  status: ProjectStatus;
}

export function useThemeProjects(slug: string) {
  return useQuery({
    queryKey: queryKeys.themeProjects(slug),
    queryFn: () =>
      api<{ items: Project[] }>(`/themes/${encodeURIComponent(slug)}/projects`).then((page) => page.items),
  });
}

/**
 * After a change: the project in the theme's list is replaced by the api's answer; the theme's people
 * (a participant joins the theme) and the profiles and directory (their projects, alumni) read again.
 */
function useProjectChanged(slug: string) {
  const client = useQueryClient();
  return (project: Project) => {
    client.setQueryData<Project[]>(queryKeys.themeProjects(slug), (projects) =>
      projects?.some((item) => item.id === project.id)
        ? projects.map((item) => (item.id === project.id ? project : item))
        : [project, ...(projects ?? [])],
    );
    void client.invalidateQueries({ queryKey: queryKeys.themeProjects(slug) });
    void client.invalidateQueries({ queryKey: queryKeys.themeMembers(slug) });
    void client.invalidateQueries({ queryKey: ['members'] });
  };
}

export function useCreateProject(slug: string) {
  const changed = useProjectChanged(slug);
  return useMutation({
    mutationFn: (fields: ProjectFields) =>
      api<Project>(`/themes/${encodeURIComponent(slug)}/projects`, { method: 'POST', body: fields }),
    onSuccess: changed,
  });
}

export function useUpdateProject(slug: string) {
  const changed = useProjectChanged(slug);
  return useMutation({
    mutationFn: ({ id, ...changes }: Partial<ProjectFields> & { id: string }) =>
      api<Project>(`/projects/${id}`, { method: 'PATCH', body: changes }),
    onSuccess: changed,
  });
}

/** Adds a participant with a role or changes their role (PUT), or takes them off (DELETE). */
export function useParticipant(slug: string) {
  const changed = useProjectChanged(slug);
  return useMutation({
    mutationFn: ({
      projectId,
      memberId,
      role,
    }: {
      projectId: string;
      memberId: string;
      role: ParticipantRole | null;
    }) =>
      role
        ? api<Project>(`/projects/${projectId}/participants/${memberId}`, { method: 'PUT', body: { role } })
        : api<Project>(`/projects/${projectId}/participants/${memberId}`, { method: 'DELETE' }),
    onSuccess: changed,
  });
}
