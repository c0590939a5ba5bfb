export const ROLES = ['member', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who is calling, as every transport (HTTP, Socket.IO) sees it after the token check. */
export interface AuthMember {
  id: string;
  role: Role;
  /** The auth session (device) the access token was issued for; absent in tokens signed before sessions were named. */
  sessionId?: string;
}

/** Coordinators and admins: the salon's staff, who may read and manage every theme and event. */
export function isStaff(member: { role: Role }): boolean {
  return member.role === 'coordinator' || member.role === 'admin';
}
