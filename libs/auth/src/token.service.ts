import { createHash, createSecretKey, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { TokenExpiredError, TokenInvalidError, RefreshTokenInvalidError } from './auth.errors';
import { isRole, type AuthMember } from './roles';

/** Pinned so a token cannot choose its own algorithm (`alg: none`, RS/HS confusion). */
export const TOKEN_ALGORITHM = 'HS256';

interface AccessClaims {
  sub: string;
  role: string;
  typ: 'access';
  /** The session it was issued for (its device), so that a member's own requests can tell which is theirs. */
  sid?: string;
}

interface RefreshClaims {
  sub: string;
  sid: string;
  typ: 'refresh';
  jti: string;
}

/**
 * An HMAC secret as the key object jsonwebtoken uses. Given a string instead, it first tries to read it as
 * a PEM public key on every verification and catches the failure, which cost about 12% of the api's CPU
 * under HTTP load. jsonwebtoken takes key objects; the option types of @nestjs/jwt and passport-jwt
 * predate them, hence the cast.
 */
export function hmacKey(secret: string): Buffer {
  return createSecretKey(Buffer.from(secret)) as unknown as Buffer;
}

export interface RefreshTokenContent {
  memberId: string;
  sessionId: string;
}

/** Signs and checks the two kinds of token; the one place HTTP and Socket.IO verify a caller. */
@Injectable()
export class TokenService {
  /** Access tokens' key, also passport-jwt's on HTTP (JwtStrategy). */
  readonly accessKey: Buffer;
  private readonly refreshKey: Buffer;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.accessKey = hmacKey(config.JWT_SECRET);
    this.refreshKey = hmacKey(config.JWT_REFRESH_SECRET);
  }

  signAccessToken(member: AuthMember, sessionId?: string): Promise<string> {
    const claims: AccessClaims = {
      sub: member.id,
      role: member.role,
      typ: 'access',
      ...(sessionId && { sid: sessionId }),
    };
    return this.jwt.signAsync(claims, {
      secret: this.accessKey,
      algorithm: TOKEN_ALGORITHM,
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
    });
  }

  /** Throws TOKEN_EXPIRED or TOKEN_INVALID; never trusts a token of the other kind. */
  async verifyAccessToken(token: string): Promise<AuthMember> {
    const claims = await this.verify<AccessClaims>(token, this.accessKey).catch((error: unknown) => {
      throw isExpiry(error) ? new TokenExpiredError() : new TokenInvalidError();
    });
    return this.accessClaimsToMember(claims);
  }

  accessClaimsToMember(claims: Partial<AccessClaims>): AuthMember {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !isRole(claims.role ?? '')) {
      throw new TokenInvalidError();
    }
    const member: AuthMember = { id: claims.sub, role: claims.role as AuthMember['role'] };
    if (typeof claims.sid === 'string') member.sessionId = claims.sid;
    return member;
  }

  signRefreshToken(content: RefreshTokenContent): Promise<string> {
    const claims: RefreshClaims = {
      sub: content.memberId,
      sid: content.sessionId,
      typ: 'refresh',
      jti: randomUUID(),
    };
    return this.jwt.signAsync(claims, {
      secret: this.refreshKey,
      algorithm: TOKEN_ALGORITHM,
      expiresIn: this.config.JWT_REFRESH_TTL_SECONDS,
    });
  }

  async verifyRefreshToken(token: string): Promise<RefreshTokenContent> {
    const claims = await this.verify<RefreshClaims>(token, this.refreshKey).catch(() => {
      throw new RefreshTokenInvalidError();
    });
    if (claims.typ !== 'refresh' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw new RefreshTokenInvalidError();
    }
    return { memberId: claims.sub, sessionId: claims.sid };
  }

  /** Refresh tokens are stored only as this digest. */
  digest(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  private verify<T extends object>(token: string, secret: Buffer): Promise<T> {
    return this.jwt.verifyAsync<T>(token, { secret, algorithms: [TOKEN_ALGORITHM] });
  }
}

function isExpiry(error: unknown): boolean {
  return error instanceof Error && error.name === 'TokenExpiredError';
}
