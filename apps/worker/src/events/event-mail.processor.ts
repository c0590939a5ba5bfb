import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { EventNotifier } from '@app/events';
import { QUEUES, type EventMailJob } from '@app/queue';
import { unrecoverableOnPermanentFailure } from '../mail-failures';

@Processor(QUEUES.eventMail)
export class EventMailProcessor extends WorkerHost {
  constructor(private readonly notifier: EventNotifier) {
    super();
  }

  async process(job: Job<EventMailJob>): Promise<void> {
    const data = job.data;
    await unrecoverableOnPermanentFailure(() => {
      switch (data.kind) {
        case 'waitlist-promoted':
          return this.notifier.sendPromotion(data.eventId, data.memberId);
        case 'event-cancelled':
          return this.notifier.sendCancellation(data.eventId, data.memberIds);
      }
    });
  }
}
