import { InvalidInputError } from './domain-error';

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
    throw new InvalidInputError('INVALID_CURSOR', 'The cursor is not one this server issued');
  }
  return key;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
