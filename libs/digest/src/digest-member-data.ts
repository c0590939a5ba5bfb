import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '@app/common';
import { MemberDataRequested } from '@app/members';
import { DigestDeliveriesRepository } from './digest-deliveries.repository';

/**
 * The digests' part of a member's data export: which digests were made for them and what became of each.
 * Leaving needs nothing here: a queued digest reads its recipient at send time, and a member who left is
 * no recipient (it is recorded as skipped, nothing is sent).
 */
@Injectable()
export class DigestMemberData implements OnModuleInit {
  constructor(
    private readonly deliveries: DigestDeliveriesRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on(MemberDataRequested, async (request) => {
      request.add('digests', await this.deliveries.ofMember(request.memberId));
    });
  }
}
