import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { EventNotifier } from '@app/events';
import { QUEUES, type EventReminderJob } from '@app/queue';
import { unrecoverableOnPermanentFailure } from '../mail-failures';

@Processor(QUEUES.eventReminders)
export class EventReminderProcessor extends WorkerHost {
  private readonly logger = new Logger(EventReminderProcessor.name);

  constructor(private readonly notifier: EventNotifier) {
    super();
  }

  async process(job: Job<EventReminderJob>): Promise<{ sent: number; stale: boolean }> {
    const result = await unrecoverableOnPermanentFailure(() => this.notifier.sendReminders(job.data));
    this.logger.log({ jobId: job.id, ...result }, 'event reminder done');
    return result;
  }
}
