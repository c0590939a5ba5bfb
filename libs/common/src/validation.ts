import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

/** Rejects unknown fields and wrong types; the error carries every field problem with its code. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
