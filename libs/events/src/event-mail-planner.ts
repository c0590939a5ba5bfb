import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DomainEvents } from '@app/common';
import { QUEUES, type EventMailJob } from '@app/queue';
import { EventCancelled, EventScheduled, RsvpChanged } from './event.events';

/**
 * Queues the mails that follow from events (the worker sends them, EventNotifier): a seat for members
 * who were waitlisted, and the cancellation for everyone who had answered.
 */
@Injectable()
export class EventMailPlanner implements OnModuleInit {
  constructor(
    @InjectQueue(QUEUES.eventMail) private readonly mails: Queue<EventMailJob>,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on(RsvpChanged, ({ eventId, promoted }) => this.promoted(eventId, promoted));
    this.events.on(EventScheduled, ({ event, promoted }) => this.promoted(event.id, promoted));
    this.events.on(EventCancelled, async ({ event, answeredIds }) => {
      if (!answeredIds.length) return;
      await this.mails.add(
        'event-cancelled',
        { kind: 'event-cancelled', eventId: event.id, memberIds: answeredIds },
        { jobId: `cancelled-${event.id}` },
      );
    });
  }

  private async promoted(eventId: string, memberIds: string[]): Promise<void> {
    await Promise.all(
      memberIds.map((memberId) =>
        this.mails.add(
          'waitlist-promoted',
          { kind: 'waitlist-promoted', eventId, memberId },
          { jobId: `promoted-${eventId}-${memberId}-${Date.now()}` },
        ),
      ),
    );
  }
}
