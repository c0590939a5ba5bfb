import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '@app/common';
import { MemberDataRequested, MemberLeaving } from '@app/members';
import { RsvpChanged } from './event.events';
import { EventMailRepository } from './event-mail.repository';
import { EventsRepository } from './events.repository';

/**
 * The events domain's part of a member's data export (answers and check-ins, their calendar feed) and of their
 * leaving: answers to events not over yet become not going (a seat goes to the first waitlisted, who is told
 * by mail as usual), and the private calendar feed stops working. Past answers stay (attendance counts),
 * shown as a former member's.
 */
@Injectable()
export class EventsMemberData implements OnModuleInit {
  constructor(
    private readonly events: EventsRepository,
    private readonly mail: EventMailRepository,
    private readonly domainEvents: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.domainEvents.on(MemberDataRequested, async (request) => {
      const [answers, feedCreatedAt] = await Promise.all([
        this.events.answersOf(request.memberId),
        this.mail.feedCreatedAt(request.memberId),
      ]);
      request.add('rsvps', answers);
      request.add('calendarFeed', feedCreatedAt ? { createdAt: feedCreatedAt.toISOString() } : null);
    });
    this.domainEvents.on(MemberLeaving, ({ memberId }) => this.giveUpSeats(memberId));
  }

  private async giveUpSeats(memberId: string): Promise<void> {
    await this.mail.deleteFeedToken(memberId);
    for (const eventId of await this.events.openAnswersOf(memberId)) {
      const { status, previous, promoted } = await this.events.answer(eventId, memberId, () => 'not_going');
      await this.domainEvents.publish(new RsvpChanged(eventId, memberId, status, previous, promoted));
    }
  }
}
