import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { InvalidInputError } from './domain-error';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** Flattens class-validator's tree into `field.path` + constraint name (the machine-readable code). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      code: constraint === 'whitelistValidation' ? 'unknownField' : constraint,
      message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Path of the first string holding a NUL character (PostgreSQL text cannot store one), or null. */
export function findNulCharacter(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(value)' : null;
  // Request input is plain JSON; the depth bound keeps a stray non-JSON object from looping.
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, child] of Object.entries(value)) {
    const found = findNulCharacter(child, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/** class-validator's pipe, plus a refusal of NUL characters anywhere in the input. */
class SalonValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // 'custom' parameters are framework objects (the Socket.IO socket), not client input.
    const field = metadata.type === 'custom' ? null : findNulCharacter(value);
    if (field) {
      throw new InvalidInputError('VALIDATION_FAILED', `${field} contains a NUL character`, {
        fields: [{ field, code: 'noNulCharacter', message: `${field} contains a NUL character` }],
      });
    }
    return super.transform(value, metadata);
  }
}

/** Rejects unknown fields and wrong types; the error carries every field problem with its code. */
export function createValidationPipe(): ValidationPipe {
  return new SalonValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      return new InvalidInputError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), {
        fields: problems,
      });
    },
  });
}
