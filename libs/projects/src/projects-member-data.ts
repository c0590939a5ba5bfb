import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '@app/common';
import { MemberDataRequested } from '@app/members';
import { ProjectsRepository } from './projects.repository';

/**
 * The projects domain's part of a member's data export: every project they took part in and their role. On
 * leaving nothing is removed: they stay a (former) participant, as past RSVPs stay, for the city's figures.
 */
@Injectable()
export class ProjectsMemberData implements OnModuleInit {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on(MemberDataRequested, async (request) => {
      const rows = await this.projects.participationsOf(request.memberId, null);
      request.add(
        'projects',
        rows.map((row) => ({
          projectId: row.id,
          themeId: row.themeId,
          title: row.title,
          role: row.role,
          startsOn: row.startsOn,
          endsOn: row.endsOn,
          status: row.status,
          addedAt: row.addedAt.toISOString(),
        })),
      );
    });
  }
}
