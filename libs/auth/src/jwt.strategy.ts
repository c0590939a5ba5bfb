import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { CurrentMembers } from './current-members';
import type { AuthMember } from './roles';
import { TOKEN_ALGORITHM, TokenService } from './token.service';

/** Bearer access tokens on HTTP; the claims check is TokenService's and the member check CurrentMembers', shared with Socket.IO. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly tokens: TokenService,
    private readonly members: CurrentMembers,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: tokens.accessKey,
      algorithms: [TOKEN_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  /** passport-jwt has checked the signature and expiry; the member must still exist, with their current role. */
  validate(claims: Record<string, unknown>): Promise<AuthMember> {
    return this.members.resolve(this.tokens.accessClaimsToMember(claims));
  }
}
