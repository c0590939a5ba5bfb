import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { closeOnSignals, logUnhandledRejections } from '@app/common';
import { SalonLogger } from '@app/logging';
import { REDIS } from '@app/redis';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(SalonLogger));
  // On SIGTERM the module tree closes: BullMQ workers finish their active jobs before the connections close.
  closeOnSignals(app, 'Worker');
  logUnhandledRejections('Worker');
  await app.init();
  await app.get<Redis>(REDIS).ping();
  new NestLogger('Worker').log('worker ready: connected to PostgreSQL and Redis');
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
