import { ForbiddenError, InvalidInputError, NotFoundError } from '@app/common';

export class MessageNotFoundError extends NotFoundError {
  constructor() {
    super('MESSAGE_NOT_FOUND', 'No such message');
  }
}

export class NotAuthorError extends ForbiddenError {
  constructor() {
    super('NOT_AUTHOR', 'Only the author can do this with the message');
  }
}

export class InvalidParentError extends InvalidInputError {
  constructor() {
    super('INVALID_PARENT', 'Replies go to a live top-level message of the same channel');
  }
}

export class MessageDeletedError extends InvalidInputError {
  constructor() {
    super('MESSAGE_DELETED', 'The message was deleted');
  }
}
