import { Logger, type INestApplicationContext } from '@nestjs/common';

/**
 * SIGTERM/SIGINT close the app gracefully (the api stops accepting and closes sockets, the worker lets
 * active jobs finish) and then exit with 0. Nest's enableShutdownHooks() runs the same hooks but re-raises
 * the signal, which process managers report as a crash. A second signal stops at once.
 */
export function closeOnSignals(app: INestApplicationContext, name: string): void {
  const logger = new Logger(name);
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      logger.log(`${signal}: shutting down`);
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

/**
 * A promise rejected without a handler (a library's background write during an outage, say) is logged
 * with its stack instead of ending the process: Node would otherwise exit with 1, mid-shutdown included.
 */
export function logUnhandledRejections(name: string): void {
  const logger = new Logger(name);
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
}
