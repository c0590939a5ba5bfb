import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '@app/common';
import { MemberDataRequested, MemberLeaving } from '@app/members';
import { ThemesRepository } from './themes.repository';

/** The themes domain's part of a member's data export and of their leaving. */
@Injectable()
export class ThemesMemberData implements OnModuleInit {
  constructor(
    private readonly themes: ThemesRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on(MemberDataRequested, async (request) => {
      const { follows, owns } = await this.themes.standingsOf(request.memberId);
      request.add('themes', {
        follows: follows.map((f) => ({
          themeId: f.themeId,
          slug: f.slug,
          title: f.title,
          addedBy: f.addedBy,
          since: f.since.toISOString(),
        })),
        owns: owns.map((o) => ({
          themeId: o.themeId,
          slug: o.slug,
          title: o.title,
          since: o.since.toISOString(),
        })),
      });
    });
    // Someone who left follows and owns nothing: gone from owners' and followers' lists and digests.
    this.events.on(MemberLeaving, ({ memberId }) => this.themes.removeMemberEverywhere(memberId));
  }
}
