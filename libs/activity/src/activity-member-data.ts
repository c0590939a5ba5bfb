import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '@app/common';
import { MemberDataRequested } from '@app/members';
import { ActivityRepository } from './activity.repository';

/**
 * The activity domain's part of a member's data export: the days they visited or were engaged. Leaving
 * needs nothing: the days stay with the anonymised row, since the city's figures count history.
 */
@Injectable()
export class ActivityMemberData implements OnModuleInit {
  constructor(
    private readonly activity: ActivityRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on(MemberDataRequested, async (request) => {
      request.add('activity', await this.activity.daysOf(request.memberId));
    });
  }
}
