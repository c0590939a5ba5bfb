import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ActivityRollup, ActivityTicker, type ActivityTickResult } from '@app/activity';
import { tokyoDay } from '@app/common';
import { KpisService } from '@app/kpis';
import { QUEUES, type ActivityJob } from '@app/queue';

/**
 * Runs the activity ticks one at a time (a flush and a rollup never race with the next tick's). The tick is
 * the figures' housekeeping: on its first run of each Tokyo day in this process it also keeps the digest
 * periods closed since (KpisService.keepClosedDigestPeriods), so that the KPI page never counts them itself.
 */
@Processor(QUEUES.activity, { concurrency: 1 })
export class ActivityProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ActivityProcessor.name);
  private digestPeriodsKeptOn: string | null = null;

  constructor(
    private readonly ticker: ActivityTicker,
    private readonly rollup: ActivityRollup,
    private readonly kpis: KpisService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ticker.keepTicker();
  }

  async process(_job: Job<ActivityJob>): Promise<ActivityTickResult> {
    const result = await this.rollup.tick();
    if (result.visits || result.engaged || result.reswept) this.logger.debug(result, 'activity recorded');
    const today = tokyoDay(new Date());
    if (this.digestPeriodsKeptOn !== today) {
      await this.kpis.keepClosedDigestPeriods(today);
      this.digestPeriodsKeptOn = today;
    }
    return result;
  }
}
