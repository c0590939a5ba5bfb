import type { OwnProfile, Theme } from '@/lib/api-types';

/**
 * The themes a person may announce events in, as the api decides (libs/events): coordinators and admins
 * every theme, a theme's owners their own. The api refuses anything else anyway (NOT_EVENT_MANAGER).
 */
export function manageableThemes(themes: Theme[], me: Pick<OwnProfile, 'id' | 'role'>): Theme[] {
  if (me.role !== 'member') return themes;
  return themes.filter((theme) => theme.owners.some((owner) => owner.id === me.id));
}
