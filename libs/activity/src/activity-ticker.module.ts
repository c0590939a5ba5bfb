import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '@app/queue';
import { ActivityTicker } from './activity-ticker';
import { ActivityModule } from './activity.module';

/** The worker's ticker (needs QueueModule). */
@Module({
  imports: [ActivityModule, BullModule.registerQueue({ name: QUEUES.activity })],
  providers: [ActivityTicker],
  exports: [ActivityModule, ActivityTicker],
})
export class ActivityTickerModule {}
