import { isServiceOutage } from './outage';

describe('isServiceOutage', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'PostgreSQL shutting down, inside a TypeORM error',
      Object.assign(new Error('query failed'), { driverError: { code: '57P01' } }),
    ],
    ["ioredis' closed connection", new Error('Connection is closed.')],
    [
      "ioredis' retry limit",
      Object.assign(new Error('Reached the max retries per request limit (which is 2).'), {
        name: 'MaxRetriesPerRequestError',
      }),
    ],
    ["pg's lost connection", new Error('Connection terminated unexpectedly')],
    ["pg's pool waiting too long", new Error('timeout exceeded when trying to connect')],
    [
      'an outage as the cause of another error',
      new Error('send failed', { cause: new Error('Connection is closed.') }),
    ],
  ])('recognises %s', (_, error) => {
    expect(isServiceOutage(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { driverError: { code: '23505' } })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'Connection is closed.'],
    ['nothing', undefined],
  ])('does not take %s for an outage', (_, error) => {
    expect(isServiceOutage(error)).toBe(false);
  });
});
