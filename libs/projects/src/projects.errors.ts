import { ConflictError, InvalidInputError, NotFoundError } from '@app/common';

export class ProjectNotFoundError extends NotFoundError {
  constructor() {
    super('PROJECT_NOT_FOUND', 'No such project');
  }
}

/** Names the field at fault (`details.fields`, as VALIDATION_FAILED and INVALID_EVENT_TIMES do), for forms. */
export class InvalidProjectDatesError extends InvalidInputError {
  constructor(field: 'endsOn' | 'startsOn', message: string) {
    super('INVALID_PROJECT_DATES', message, { fields: [{ field, code: 'INVALID_PROJECT_DATES', message }] });
  }
}

/** A member who left the salon cannot be made a participant (nor given another role). */
export class MemberLeftError extends ConflictError {
  constructor() {
    super('MEMBER_LEFT', 'This member has left the salon');
  }
}
