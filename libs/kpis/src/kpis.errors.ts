import { InvalidInputError } from '@app/common';

/** `from`/`to` out of order or too far apart; names the field at fault (`details.fields`), as VALIDATION_FAILED does. */
export class InvalidKpiRangeError extends InvalidInputError {
  constructor(field: 'from' | 'to', message: string) {
    super('INVALID_RANGE', message, { fields: [{ field, code: 'INVALID_RANGE', message }] });
  }
}
