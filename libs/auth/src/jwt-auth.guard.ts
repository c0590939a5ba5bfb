import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@app/common';
import { TokenExpiredError, TokenInvalidError, TokenMissingError } from './auth.errors';
import { PUBLIC_KEY } from './auth.decorators';
import type { AuthMember } from './roles';

/** Global guard: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(
    context: ExecutionContext,
  ): ReturnType<ReturnType<typeof AuthGuard>['prototype']['canActivate']> {
    // Socket.IO connections authenticate once in the gateway's connection handler.
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser = AuthMember>(error: unknown, member: TUser | false, info: unknown): TUser {
    if (error instanceof DomainError) throw error;
    if (member) return member;
    throw codedAuthError(info);
  }
}

/** passport-jwt reports why through `info`: jsonwebtoken's error, or a plain "No auth token". */
function codedAuthError(info: unknown): DomainError {
  if (info instanceof Error && info.name === 'TokenExpiredError') return new TokenExpiredError();
  if (info instanceof Error && /no auth token/i.test(info.message)) return new TokenMissingError();
  return new TokenInvalidError();
}
