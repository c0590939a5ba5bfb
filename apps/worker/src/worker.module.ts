import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventNotificationsModule } from '@app/events';
import { LoggingModule } from '@app/logging';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { EventMailProcessor } from './events/event-mail.processor';
import { EventReminderProcessor } from './events/event-reminder.processor';

/** BullMQ processors: job in, service call, result out. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule.forApp('worker'),
    DatabaseModule,
    RedisModule,
    QueueModule,
    EventNotificationsModule,
  ],
  providers: [EventReminderProcessor, EventMailProcessor],
})
export class WorkerModule {}
