import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ActivityRollup, ActivityTicker, type ActivityTickResult } from '@app/activity';
import { QUEUES, type ActivityJob } from '@app/queue';

/** Runs the activity ticks one at a time (a flush and a rollup never race with the next tick's). */
@Processor(QUEUES.activity, { concurrency: 1 })
export class ActivityProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ActivityProcessor.name);

  constructor(
    private readonly ticker: ActivityTicker,
    private readonly rollup: ActivityRollup,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ticker.keepTicker();
  }

  async process(_job: Job<ActivityJob>): Promise<ActivityTickResult> {
    const result = await this.rollup.tick();
    if (result.visits || result.engaged || result.reswept) this.logger.debug(result, 'activity recorded');
    return result;
  }
}
