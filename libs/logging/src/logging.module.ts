import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { redactUrl } from './redact-url';
import { requestId } from './request-id';
import { SalonLogger, requestLogger } from './salon-logger';

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
}

export type AppName = 'api' | 'worker' | 'cli';

/** Express middleware: one log line per request (with its id) and the request's logger for every line made meanwhile. */
export type HttpLogging = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
export const HTTP_LOGGING = Symbol('HTTP_LOGGING');

export function createRootLogger(app: AppName, config: AppConfig): Pino {
  return pino({
    name: app,
    level: config.LOG_LEVEL,
    ...(config.LOG_FORMAT === 'pretty' && {
      transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } },
    }),
  });
}

function createHttpLogging(root: Pino): HttpLogging {
  const log = pinoHttp({
    logger: root,
    genReqId: requestId,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    serializers: {
      // Mail links and calendar feeds carry their credential in the URL: only the redacted URL is logged,
      // not the parsed query or route parameters, which hold the same secrets.
      req: (req: SerializedRequest) => ({
        id: req.id,
        method: req.method,
        url: req.url === undefined ? undefined : redactUrl(req.url),
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
    },
    // A 401 is how every signed-out browser's first refresh is answered, not something to look into: at warn
    // (the demo's and production's level) it filled the console with one line per visit.
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500
        ? 'error'
        : res.statusCode >= 400 && res.statusCode !== 401
          ? 'warn'
          : 'info',
  });
  return (req, res, next) => log(req, res, () => requestLogger.run(req.log, next));
}

/**
 * Pino everywhere: JSON in production, pretty for people in development; every log line of a request
 * carries its id. (pino-http under a small Nest logger rather than nestjs-pino, whose releases for Nest 12
 * need Node 22: see docs/architecture.md.)
 */
@Module({})
export class LoggingModule {
  static forApp(app: AppName): DynamicModule {
    const root = Symbol('ROOT_LOGGER');
    return {
      module: LoggingModule,
      global: true,
      providers: [
        {
          provide: root,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => createRootLogger(app, config),
        },
        { provide: SalonLogger, inject: [root], useFactory: (logger: Pino) => new SalonLogger(logger) },
        { provide: HTTP_LOGGING, inject: [root], useFactory: createHttpLogging },
      ],
      exports: [SalonLogger, HTTP_LOGGING],
    };
  }
}
