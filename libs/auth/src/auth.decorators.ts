import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuthMember, Role } from './roles';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** The route needs no access token (sign-in, health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Only members with one of these roles may call the route. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The signed-in caller. */
export const CurrentMember = createParamDecorator((_: unknown, context: ExecutionContext): AuthMember => {
  const request = context.switchToHttp().getRequest<{ user: AuthMember }>();
  return request.user;
});
