import { useQuery } from '@tanstack/react-query';
import type { FollowedTheme } from '@/lib/api-types';
import { api } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';
import { useMember } from '@/hooks/use-session';

export interface ManageRights {
  /** Coordinators and admins: every theme, new themes, owners, digest runs. */
  staff: boolean;
  /** Admins: members' roles and starting digest runs. */
  admin: boolean;
  /** Slugs of the themes the member owns. */
  owned: string[];
  /** Whether any screen under /manage is theirs (the 管理 nav entry). */
  any: boolean;
  /** Still reading which themes they own. */
  pending: boolean;
}

/**
 * What the signed-in member may manage, as the api decides it: staff by role, owners by the themes they own
 * (GET /api/me/themes lists the themes a member follows or owns, each with its owners).
 */
export function useManageRights(): ManageRights {
  const me = useMember();
  const mine = useQuery({
    queryKey: queryKeys.myThemes,
    queryFn: () => api<{ items: FollowedTheme[] }>('/me/themes').then((page) => page.items),
  });
  const staff = me.role === 'coordinator' || me.role === 'admin';
  const owned = (mine.data ?? [])
    .filter(({ theme }) => theme.owners.some((owner) => owner.id === me.id))
    .map(({ theme }) => theme.slug);
  return {
    staff,
    admin: me.role === 'admin',
    owned,
    any: staff || owned.length > 0,
    pending: !staff && mine.isPending,
  };
}
