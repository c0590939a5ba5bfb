import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { html, layout, type MailLocale } from '@app/mail';
import type { DigestFrequency } from '@app/queue';
import { DigestContentService, windowStart } from './digest-content';
import { renderMemberDigest } from './digest-sender';

const PERIOD_MS: Record<DigestFrequency, number> = { weekly: 7 * 24 * 3600_000, daily: 24 * 3600_000 };

/** Renders a member's digest as it would look now, without sending or recording anything. */
@Injectable()
export class DigestPreviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly content: DigestContentService,
  ) {}

  async previewHtml(memberId: string): Promise<string> {
    const [member] = await this.db.query<
      {
        email: string;
        display_name: string;
        locale: MailLocale;
        time_zone: string;
        digest_frequency: DigestFrequency | 'off';
        last_sent_end: Date | null;
      }[]
    >(
      `SELECT m.email, m.display_name, m.locale, m.time_zone, m.digest_frequency,
              (SELECT max(period_end) FROM digest_deliveries d WHERE d.member_id = m.id AND d.status = 'sent') AS last_sent_end
         FROM members m WHERE m.id = $1`,
      [memberId],
    );
    const frequency = member.digest_frequency === 'off' ? 'weekly' : member.digest_frequency;
    const to = new Date();
    const periodStart = new Date(to.getTime() - PERIOD_MS[frequency]);
    const content = await this.content.build(memberId, windowStart(periodStart, member.last_sent_end), to);
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
    return renderMemberDigest(this.config, memberId, frequency, content, member).html;
  }
}
