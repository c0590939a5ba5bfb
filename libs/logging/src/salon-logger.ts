import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import type { Logger as Pino } from 'pino';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Nest's start-up chatter (a line per module, route and gateway event): only worth reading when debugging. */
const NEST_START_UP = new Set<unknown>([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestApplication',
]);

/** The logger of the request being handled (it carries the request id), for every log line made while handling it. */
export const requestLogger = new AsyncLocalStorage<Pino>();

/**
 * Nest's logger interface on pino. Nest's `Logger` passes its context (the class name) as the last
 * argument; a first argument that is an object is merged into the line (`{ err }` included), in pino's style:
 * `logger.warn({ err: error, runId }, 'what failed')`.
 */
export class SalonLogger implements LoggerService {
  constructor(readonly root: Pino) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(requested: Level, message: unknown, params: unknown[]): void {
    const logger = requestLogger.getStore() ?? this.root;
    const level = requested === 'info' && NEST_START_UP.has(params.at(-1)) ? 'debug' : requested;
    if (!logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = params.length ? params.slice(0, -1) : params;
    if (params.length && typeof params.at(-1) === 'string') fields.context = params.at(-1);
    let text: unknown = rest.find((param) => typeof param === 'string');
    if (message instanceof Error) fields.err = message;
    else if (typeof message === 'object' && message !== null) Object.assign(fields, message);
    else if (level === 'error' && typeof text === 'string' && /\n\s*at /.test(text)) {
      // Nest's own exception handlers call error(message, stack).
      const error = new Error(String(message));
      error.stack = text;
      fields.err = error;
      text = undefined;
    } else text = String(message);
    if (typeof text === 'string') logger[level](fields, text);
    else logger[level](fields);
  }
}
