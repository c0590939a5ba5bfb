import { InvalidInputError } from './domain-error';
import { parseInstant } from './field.validators';

/** An opaque keyset cursor: the sort key of the last row a client saw, base64url-encoded JSON. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== arity ||
    !key.every((part) => typeof part === 'string' || typeof part === 'number')
  ) {
    throw invalidCursor();
  }
  return key;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A `(created_at, id)` cursor, its values checked so they reach SQL only as a timestamp and a uuid. */
export function encodeTimeIdCursor(at: Date | string, id: string): string {
  return encodeCursor([typeof at === 'string' ? at : at.toISOString(), id]);
}

export function decodeTimeIdCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2);
  // Exactly what encodeTimeIdCursor writes (Date#toISOString), and a date PostgreSQL accepts too.
  if (typeof at !== 'string' || parseInstant(at)?.toISOString() !== at) throw invalidCursor();
  if (typeof id !== 'string' || !UUID.test(id)) throw invalidCursor();
  return [at, id];
}

function invalidCursor(): InvalidInputError {
  return new InvalidInputError('INVALID_CURSOR', 'The cursor is not one this server issued');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
