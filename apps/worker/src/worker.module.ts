import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';

/** BullMQ processors live here; each feature adds its processor module to `imports`. */
@Module({
  imports: [ConfigModule, LoggingModule.forApp('worker'), DatabaseModule, RedisModule, QueueModule],
})
export class WorkerModule {}
