import type { MemberEntity } from '../member.entity';
import type { OwnProfileDto, PublicProfileDto } from './profile.dto';

export function toPublicProfile(member: MemberEntity): PublicProfileDto {
  return {
    id: member.id,
    displayName: member.displayName,
    furigana: member.furigana,
    bio: member.bio,
    skills: member.skills,
    relation: member.relation,
    homeArea: member.homeArea,
    pastProjects: member.pastProjects,
    links: member.links,
    avatarUrl: member.avatarUrl,
    openToHelp: member.openToHelp,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
  };
}

export function toOwnProfile(member: MemberEntity): OwnProfileDto {
  return {
    ...toPublicProfile(member),
    email: member.email,
    emailVerified: member.emailVerifiedAt !== null,
    pendingEmail: member.pendingEmail,
    locale: member.locale,
    timeZone: member.timeZone,
  };
}
