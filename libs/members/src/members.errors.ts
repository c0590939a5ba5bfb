import { ConflictError, NotFoundError, UnauthorizedError } from '@app/common';

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
