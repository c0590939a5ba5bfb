export { MembersModule } from './members.module';
export { MembersService, likeContains, type DirectoryScope } from './members.service';
export { AccountsService, normaliseEmail, type SignedIn } from './accounts.service';
export { MemberEntity, RELATIONS, LOCALES, type Relation, type Locale } from './member.entity';
export * from './members.errors';
export * from './dto/auth.dto';
export * from './dto/profile.dto';
export * from './dto/directory.dto';
export { toOwnProfile, toPublicProfile } from './dto/profile.mapper';
