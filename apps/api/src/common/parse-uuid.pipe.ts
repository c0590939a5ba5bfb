import { ParseUUIDPipe } from '@nestjs/common';
import { InvalidInputError } from '@app/common';

/** A path id that must be a UUID; anything else is `400 INVALID_ID` naming the parameter. */
export function parseUuid(what: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new InvalidInputError('INVALID_ID', `${what} must be a UUID`),
  });
}
