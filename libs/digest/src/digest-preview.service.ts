import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, PublicLinks, type AppConfig } from '@app/config';
import { html, layout } from '@app/mail';
import { MemberMailRepository, MemberNotFoundError } from '@app/members';
import type { DigestFrequency } from '@app/queue';
import { DigestContentService, windowStart } from './digest-content';
import { DigestDeliveriesRepository } from './digest-deliveries.repository';
import { renderMemberDigest } from './digest-sender';

const PERIOD_MS: Record<DigestFrequency, number> = { weekly: 7 * 24 * 3600_000, daily: 24 * 3600_000 };

/** Renders a member's digest as it would look now, without sending or recording anything. */
@Injectable()
export class DigestPreviewService {
  constructor(
    private readonly recipients: MemberMailRepository,
    private readonly deliveries: DigestDeliveriesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: PublicLinks,
    private readonly content: DigestContentService,
  ) {}

  async previewHtml(memberId: string): Promise<string> {
    const member = await this.recipients.recipient(memberId);
    if (!member) throw new MemberNotFoundError();
    const frequency = member.digest === 'off' ? 'weekly' : member.digest;
    const to = new Date();
    const periodStart = new Date(to.getTime() - PERIOD_MS[frequency]);
    const lastSentEnd = await this.deliveries.lastSentEnd(memberId);
    const content = await this.content.build(memberId, windowStart(periodStart, lastSentEnd), to);
    if (!content) {
      const message =
        member.locale === 'ja'
          ? '今のところダイジェストに載せる新しい出来事はありません。この状態ならメールは送られません。'
          : 'Nothing new for your digest yet. As things stand, no email would be sent.';
      return layout({
        locale: member.locale,
        title: message,
        bodyHtml: html`<p style="margin:0">${message}</p>`,
      });
    }
    return renderMemberDigest(this.config, this.links, frequency, content, member).html;
  }
}
