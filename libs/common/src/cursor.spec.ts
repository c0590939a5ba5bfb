import { decodeCursor, decodeTimeIdCursor, encodeCursor, encodeTimeIdCursor } from './cursor';
import { InvalidInputError } from './domain-error';

describe('keyset cursors', () => {
  it('check the timestamp and the id of a (created_at, id) cursor', () => {
    const id = '6f1c0b7e-3a1e-4c55-9a55-0c3f0f6d2a11';
    expect(decodeTimeIdCursor(encodeTimeIdCursor(new Date('2026-11-23T10:00:00.123Z'), id))).toEqual([
      '2026-11-23T10:00:00.123Z',
      id,
    ]);
    expect(() => decodeTimeIdCursor(encodeCursor(['not-a-time', id]))).toThrow(InvalidInputError);
    expect(() => decodeTimeIdCursor(encodeCursor(['2026-11-23T10:00:00.123Z', 'not-a-uuid']))).toThrow(
      InvalidInputError,
    );
  });

  it('round-trip the sort key', () => {
    const key = ['2026-11-23T10:00:00.123Z', '6f1c0b7e-3a1e-4c55-9a55-0c3f0f6d2a11'];
    expect(decodeCursor(encodeCursor(key), 2)).toEqual(key);
  });

  it.each([
    ['not base64 json', 'not-a-cursor'],
    ['a key of the wrong length', encodeCursor(['a'])],
    ['a key with objects in it', Buffer.from(JSON.stringify([{}, 'x'])).toString('base64url')],
    ['an object instead of a key', Buffer.from('{"a":1}').toString('base64url')],
  ])('reject %s with INVALID_CURSOR', (_, cursor) => {
    expect(() => decodeCursor(cursor, 2)).toThrow(InvalidInputError);
    expect(() => decodeCursor(cursor, 2)).toThrow(
      expect.objectContaining({ code: 'INVALID_CURSOR' }) as Error,
    );
  });

  it.each([
    ['February 30th', '2026-02-30T10:00:00.000Z'],
    ['year 0000, which PostgreSQL does not have', '0000-01-01T00:00:00.000Z'],
    ['an hour 24', '2026-11-23T24:00:00.000Z'],
    ['an instant not written as toISOString writes it', '2026-11-23T10:00:00Z'],
  ])('reject a (created_at, id) cursor whose time is %s', (_, at) => {
    expect(() => decodeTimeIdCursor(encodeCursor([at, '6f1c0b7e-3a1e-4c55-9a55-0c3f0f6d2a11']))).toThrow(
      expect.objectContaining({ code: 'INVALID_CURSOR' }) as Error,
    );
  });
});
