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

/** Deeper input than this is refused before class-transformer walks it (recursively: 30,000 levels overflowed the stack). */
export const MAX_INPUT_DEPTH = 32;

/** Keys that would reach an object's prototype machinery; never a field of ours, so refused like any unknown field. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first thing in client input that must not reach the DTO transform: nesting deeper than
 * MAX_INPUT_DEPTH, a prototype key, or a string holding a NUL character (PostgreSQL text cannot store
 * one). Iterative, so hostile nesting cannot overflow the stack here either.
 */
export function inspectInput(input: unknown): FieldProblem | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: input, path: '', depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next;
    const field = path || '(value)';
    if (typeof value === 'string') {
      if (value.includes('\u0000')) {
        return { field, code: 'noNulCharacter', message: `${field} contains a NUL character` };
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      return {
        field,
        code: 'maxDepth',
        message: `${field} is nested more than ${MAX_INPUT_DEPTH} levels deep`,
      };
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) {
        return { field: childPath, code: 'unknownField', message: `property ${childPath} should not exist` };
      }
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}

/** class-validator's pipe, after inspectInput's refusals. */
class SalonValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // 'custom' parameters are framework objects (the Socket.IO socket), not client input.
    const problem = metadata.type === 'custom' ? null : inspectInput(value);
    if (problem) throw new InvalidInputError('VALIDATION_FAILED', problem.message, { fields: [problem] });
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
