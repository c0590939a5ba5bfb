import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { AuthMember } from './roles';
import { TOKEN_ALGORITHM, TokenService } from './token.service';

/** Bearer access tokens on HTTP; the claims check is TokenService's, shared with Socket.IO. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tokens: TokenService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.JWT_SECRET,
      algorithms: [TOKEN_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  validate(claims: Record<string, unknown>): AuthMember {
    return this.tokens.accessClaimsToMember(claims);
  }
}
