import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '@app/config';

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Takes a caller's X-Request-Id when it is sane, otherwise makes one; echoes it back. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** Pino everywhere: JSON in production, pretty for people in development; every log line of a request carries its id. */
@Module({})
export class LoggingModule {
  static forApp(app: 'api' | 'worker' | 'cli'): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              name: app,
              level: config.LOG_LEVEL,
              genReqId: requestId,
              redact: ['req.headers.authorization', 'req.headers.cookie'],
              customLogLevel: (_req, res, error) =>
                error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              ...(config.LOG_FORMAT === 'pretty' && {
                transport: {
                  target: 'pino-pretty',
                  options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
                },
              }),
            },
          }),
        }),
      ],
    };
  }
}
