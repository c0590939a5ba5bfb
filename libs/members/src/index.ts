export { MembersModule } from './members.module';
export { MembersService } from './members.service';
export { likeContains, FORMER_MEMBER_NAME, type MemberCard } from './members.repository';
export {
  MemberMailRepository,
  DIGEST_PREFERENCES,
  type DigestPreference,
  type MailPreferences,
  type MailRecipient,
  type DigestRecipient,
} from './member-mail.repository';
export { AccountsService, normaliseEmail, type SignedIn } from './accounts.service';
export { AccountSecurityModule } from './account-security.module';
export { AccountSecurityService, type MySession } from './account-security.service';
export { AccountMailModule } from './account-mail.module';
export { AccountMailer } from './account-mailer';
export { renderAccountEmail } from './account-emails';
export * from './account.events';
export { MemberEntity, RELATIONS, LOCALES, type Relation, type Locale } from './member.entity';
export * from './members.errors';
export * from './dto/auth.dto';
export * from './dto/account.dto';
export * from './dto/profile.dto';
export * from './dto/directory.dto';
export * from './dto/role.dto';
export { toOwnProfile, toPublicProfile } from './dto/profile.mapper';
export { LeavingService, EXPORT_FORMAT, type MemberExport } from './leaving.service';
export { MemberRegistered, MemberLeaving, MemberLeft, MemberDataRequested } from './members.events';
export { RegistrationGates, type RegistrationGate, type Admission } from './registration-gate';
export * from './dto/leave.dto';
