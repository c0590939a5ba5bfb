import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { QUEUES, restoreOnReconnect, type ActivityJob } from '@app/queue';

/** The worker's repeating activity tick (a BullMQ job scheduler), restored whenever Redis comes back. */
@Injectable()
export class ActivityTicker {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.activity) private readonly queue: Queue<ActivityJob>,
  ) {}

  /** Idempotent: a restart or a second worker updates the same scheduler instead of adding one. */
  keepTicker(): Promise<void> {
    return restoreOnReconnect(this.queue, 'the activity ticker', async () => {
      await this.queue.upsertJobScheduler(
        'activity-tick',
        { every: this.config.ACTIVITY_TICK_SECONDS * 1000 },
        { name: 'tick', data: { kind: 'tick' } },
      );
    });
  }
}
