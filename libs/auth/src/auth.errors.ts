import { UnauthorizedError } from '@app/common';

export class TokenMissingError extends UnauthorizedError {
  constructor() {
    super('TOKEN_MISSING', 'Sign in first: no access token was sent');
  }
}

export class TokenExpiredError extends UnauthorizedError {
  constructor() {
    super('TOKEN_EXPIRED', 'The access token has expired; refresh it');
  }
}

export class TokenInvalidError extends UnauthorizedError {
  constructor() {
    super('TOKEN_INVALID', 'The token is not valid');
  }
}

export class RefreshTokenInvalidError extends UnauthorizedError {
  constructor() {
    super('REFRESH_TOKEN_INVALID', 'The refresh token is not valid; sign in again');
  }
}

export class RefreshTokenReusedError extends UnauthorizedError {
  constructor() {
    super(
      'REFRESH_TOKEN_REUSED',
      'This refresh token was already used; the session has been revoked, sign in again',
    );
  }
}
