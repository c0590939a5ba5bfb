export { AuthModule } from './auth.module';
export { TokenService, TOKEN_ALGORITHM } from './token.service';
export { SessionService, type SessionMeta } from './session.service';
export { PasswordHasher } from './password-hasher';
export { JwtAuthGuard } from './jwt-auth.guard';
export { RolesGuard } from './roles.guard';
export { Public, Roles, CurrentMember } from './auth.decorators';
export { ROLES, isRole, type Role, type AuthMember } from './roles';
export * from './auth.errors';
