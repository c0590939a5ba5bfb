import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  UnauthorizedError,
} from '@app/common';

export class EmailTakenError extends ConflictError {
  constructor() {
    super('EMAIL_TAKEN', 'An account with this email already exists');
  }
}

export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('INVALID_CREDENTIALS', 'The email or password is wrong');
  }
}

export class MemberNotFoundError extends NotFoundError {
  constructor() {
    super('MEMBER_NOT_FOUND', 'No such member');
  }
}

export class LastAdminError extends ConflictError {
  constructor() {
    super('LAST_ADMIN', 'The salon needs at least one admin: make another member admin first');
  }
}

/** A mailed link (address verification, password reset) that is unknown, expired, used or superseded. */
export class AccountLinkInvalidError extends InvalidInputError {
  constructor() {
    super('INVALID_LINK_TOKEN', 'This link has expired or was already used; ask for a new one');
  }
}

/** A signed-in member confirmed a change with the wrong password (the field is named for forms). */
export class PasswordIncorrectError extends DomainError {
  constructor(field: string) {
    super('PASSWORD_INCORRECT', 'The password is not correct', 403, {
      fields: [{ field, code: 'incorrect', message: 'The password is not correct' }],
    });
  }
}

export class EmailUnchangedError extends InvalidInputError {
  constructor() {
    super('EMAIL_UNCHANGED', 'This is already your address', {
      fields: [{ field: 'email', code: 'unchanged', message: 'This is already your address' }],
    });
  }
}

export class EmailAlreadyVerifiedError extends ConflictError {
  constructor() {
    super('EMAIL_ALREADY_VERIFIED', 'Your address is already verified');
  }
}

export class SessionNotFoundError extends NotFoundError {
  constructor() {
    super('SESSION_NOT_FOUND', 'No such session of yours');
  }
}

export class InvitationRequiredError extends ForbiddenError {
  constructor() {
    super('INVITATION_REQUIRED', 'Registration is by invitation only');
  }
}

export class InvitationInvalidError extends NotFoundError {
  constructor() {
    super('INVITATION_INVALID', 'This invitation does not exist');
  }
}
