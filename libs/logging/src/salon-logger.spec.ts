import { Writable } from 'node:stream';
import { pino } from 'pino';
import { SalonLogger, requestLogger } from './salon-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const root = pino({ level: 'info' }, stream);
  return { lines, logger: new SalonLogger(root), root };
}

describe('SalonLogger', () => {
  it("writes Nest's (message, context) as msg and context", () => {
    const { lines, logger } = capture();
    logger.log('api listening', 'Api');
    expect(lines[0]).toMatchObject({ level: 30, msg: 'api listening', context: 'Api' });
  });

  it('merges a first object argument and keeps an error under err, pino style', () => {
    const { lines, logger } = capture();
    logger.warn({ err: new Error('boom'), runId: 'r1' }, 'digest failed', 'DigestSender');
    expect(lines[0]).toMatchObject({ level: 40, msg: 'digest failed', context: 'DigestSender', runId: 'r1' });
    expect((lines[0].err as { message: string }).message).toBe('boom');
  });

  it("turns Nest's error(message, stack) contract into an error with that stack", () => {
    const { lines, logger } = capture();
    logger.error('failed', 'Error: failed\n    at somewhere (x.js:1:1)', 'ExceptionHandler');
    expect((lines[0].err as { stack: string }).stack).toContain('at somewhere');
  });

  it('writes through the logger of the request being handled, so lines carry its id', () => {
    const { lines, logger, root } = capture();
    requestLogger.run(root.child({ reqId: 'req-7' }), () => logger.log('inside', 'X'));
    logger.log('outside', 'X');
    expect(lines.map((line) => line.reqId)).toEqual(['req-7', undefined]);
  });

  it('skips levels below the configured one', () => {
    const { lines, logger } = capture();
    logger.debug('noise', 'X');
    expect(lines).toHaveLength(0);
  });

  it("keeps Nest's start-up lines (one per module and route) out of the info level", () => {
    const { lines, logger } = capture();
    logger.log('Mapped {/api/health, GET} route', 'RouterExplorer');
    logger.log('api listening', 'Api');
    expect(lines.map((line) => line.msg)).toEqual(['api listening']);
  });
});
