import { ConflictError, DomainError, ForbiddenError, NotFoundError, UnauthorizedError } from '@app/common';

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

/** A member confirming who they are (leaving the salon) gave a wrong password. */
export class WrongPasswordError extends DomainError {
  constructor() {
    super('WRONG_PASSWORD', 'The password is wrong', 403, {
      fields: [{ field: 'password', code: 'WRONG_PASSWORD', message: 'The password is wrong' }],
    });
  }
}
