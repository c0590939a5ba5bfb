import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DomainEvents } from '@app/common';
import { QUEUES, reminderJobId, restoreOnReconnect, type EventReminderJob } from '@app/queue';
import type { EventEntity } from './event.entity';
import { EventCancelled, EventScheduled } from './event.events';
import { REMINDER_KINDS, reminderPlan } from './event-rules';
import { EventsRepository } from './events.repository';

/**
 * Keeps one delayed job per event and reminder kind (ids are deterministic, so adding twice is a no-op):
 * scheduled when an event is created, moved with it (a new format changes the kinds too), removed when it
 * is cancelled, and added again whenever the queue's Redis comes back (it may have lost them).
 */
@Injectable()
export class EventReminderPlanner implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.eventReminders) private readonly reminders: Queue<EventReminderJob>,
    private readonly events: EventsRepository,
    private readonly domainEvents: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.domainEvents.on(EventScheduled, async ({ event, previous }) => {
      if (!previous) return this.schedule(event);
      const moved = previous.startsAt.getTime() !== event.startsAt.getTime();
      if (!moved && previous.format === event.format) return;
      await this.remove(event.id, previous.startsAt);
      await this.schedule(event);
    });
    this.domainEvents.on(EventCancelled, ({ event }) => this.remove(event.id, event.startsAt));
  }

  onApplicationBootstrap(): Promise<void> {
    return restoreOnReconnect(this.reminders, 'event reminders', async () => {
      for (const event of await this.events.upcoming()) await this.schedule(event);
    });
  }

  private async schedule(event: Pick<EventEntity, 'id' | 'startsAt' | 'format'>): Promise<void> {
    for (const { kind, delay } of reminderPlan(event, Date.now())) {
      await this.reminders.add(
        'event-reminder',
        { eventId: event.id, kind, startsAt: event.startsAt.toISOString() },
        { jobId: reminderJobId(event.id, kind, event.startsAt), delay },
      );
    }
  }

  private async remove(eventId: string, startsAt: Date): Promise<void> {
    await Promise.all(
      REMINDER_KINDS.map((kind) => this.reminders.remove(reminderJobId(eventId, kind, startsAt))),
    );
  }
}
