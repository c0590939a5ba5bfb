import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignals, logUnhandledRejections } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApiApp();
  closeOnSignals(app, 'Api');
  logUnhandledRejections('Api');
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.PORT, '0.0.0.0');
  new Logger('Api').log(`api listening on ${await app.getUrl()} (docs at /api/docs)`);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (e.g. bad config): say why on stderr and stop.
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
