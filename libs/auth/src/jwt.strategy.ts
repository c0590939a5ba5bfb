import { Injectable, Optional } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { CurrentMembers } from './current-members';
import type { AuthMember } from './roles';
import { TOKEN_ALGORITHM, TokenService } from './token.service';
import { VisitRecorder } from './visit-recorder';

/** Bearer access tokens on HTTP; the claims check is TokenService's and the member check CurrentMembers', shared with Socket.IO. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly tokens: TokenService,
    private readonly members: CurrentMembers,
    @Optional() private readonly visits?: VisitRecorder,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: tokens.accessKey,
      algorithms: [TOKEN_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  /**
   * passport-jwt has checked the signature and expiry; the member must still exist, with their current role.
   * Then the request counts as the member's visit today (in memory after the first one of the day).
   */
  async validate(claims: Record<string, unknown>): Promise<AuthMember> {
    const member = await this.members.resolve(this.tokens.accessClaimsToMember(claims));
    this.visits?.visited(member.id);
    return member;
  }
}
