import { Module } from '@nestjs/common';
import { ActivityTickerModule } from '@app/activity';
import { DomainEventsModule } from '@app/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DigestDeliveryModule } from '@app/digest';
import { EventNotificationsModule } from '@app/events';
import { KpisModule } from '@app/kpis';
import { LoggingModule } from '@app/logging';
import { AccountMailModule } from '@app/members';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { ActivityProcessor } from './activity/activity.processor';
import { DigestScheduleProcessor } from './digest/digest-schedule.processor';
import { DigestSendWorker } from './digest/digest-send.worker';
import { EventMailProcessor } from './events/event-mail.processor';
import { EventReminderProcessor } from './events/event-reminder.processor';
import { AccountMailProcessor } from './members/account-mail.processor';

/** BullMQ processors: job in, service call, result out. */
@Module({
  imports: [
    ConfigModule,
    DomainEventsModule,
    LoggingModule.forApp('worker'),
    DatabaseModule,
    RedisModule,
    QueueModule,
    EventNotificationsModule,
    DigestDeliveryModule,
    AccountMailModule,
    ActivityTickerModule,
    KpisModule,
  ],
  providers: [
    EventReminderProcessor,
    EventMailProcessor,
    DigestScheduleProcessor,
    DigestSendWorker,
    AccountMailProcessor,
    ActivityProcessor,
  ],
})
export class WorkerModule {}
