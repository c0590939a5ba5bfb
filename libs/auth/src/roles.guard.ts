import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '@app/common';
import { ROLES_KEY } from './auth.decorators';
import type { AuthMember, Role } from './roles';

/** Global guard after JwtAuthGuard: enforces @Roles(...) server-side. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles?.length) return true;
    const member = context.switchToHttp().getRequest<{ user?: AuthMember }>().user;
    if (member && roles.includes(member.role)) return true;
    throw new ForbiddenError('ROLE_REQUIRED', `This needs the role ${roles.join(' or ')}`);
  }
}
