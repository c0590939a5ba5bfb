import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DigestScheduler } from '@app/digest';
import { QUEUES, type DigestScheduleJob } from '@app/queue';

/** Runs the scheduler's ticks and the admins' runs; one at a time, so two ticks never race. */
@Processor(QUEUES.digestSchedule, { concurrency: 1 })
export class DigestScheduleProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(private readonly scheduler: DigestScheduler) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.keepTicker();
  }

  async process(job: Job<DigestScheduleJob>): Promise<void> {
    const data = job.data;
    if (data.kind === 'tick') await this.scheduler.tick();
    else await this.scheduler.enqueueDue(data.runId, data.frequency, true);
  }
}
