import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { InvalidInputError } from '@app/common';
import { html, layout, type MailLocale, type SafeHtml } from '@app/mail';
import { DigestSettingsService } from './digest-settings.service';
import type { DigestSetting } from './dto/notification-settings.dto';
import { verifyMailLinkToken } from './unsubscribe-token';

export class InvalidMailLinkError extends InvalidInputError {
  constructor() {
    super('INVALID_LINK_TOKEN', 'This link is not valid: it may have been cut off when it was copied');
  }
}

const LABEL: Record<MailLocale, Record<DigestSetting, string>> = {
  ja: { weekly: '週に1回', daily: '毎日', off: '配信停止' },
  en: { weekly: 'Weekly', daily: 'Daily', off: 'Off' },
};

/**
 * The digest's unsubscribe link. GET only shows a page (link scanners and previews fetch URLs), with
 * buttons for a lower frequency or off; a POST changes the setting. Mail clients' one-click POST
 * (RFC 8058, body `List-Unsubscribe=One-Click`) turns the digest off. The signed token stands in
 * for a login, for this member and this action only.
 */
@Injectable()
export class DigestUnsubscribeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: DigestSettingsService,
  ) {}

  memberFor(token: string | undefined): string {
    const memberId = token ? verifyMailLinkToken(this.config.JWT_SECRET, 'digest-unsubscribe', token) : null;
    if (!memberId) throw new InvalidMailLinkError();
    return memberId;
  }

  async choicesPage(token: string | undefined): Promise<string> {
    const memberId = this.memberFor(token);
    const current = await this.settings.get(memberId);
    const l = current.locale;
    const label = LABEL[l];
    const action = `${this.config.PUBLIC_URL}/api/digests/unsubscribe?token=${encodeURIComponent(token ?? '')}`;
    const lower: DigestSetting[] =
      current.digest === 'daily' ? ['weekly', 'off'] : current.digest === 'weekly' ? ['off'] : [];
    const button = (value: DigestSetting) =>
      html`<form method="post" action="${action}" style="margin:0 0 8px">
        <input type="hidden" name="frequency" value="${value}" />
        <button type="submit" style="padding:10px 16px;font-size:15px">${label[value]}</button>
      </form>`;
    const intro =
      l === 'ja'
        ? `塩尻サロンのダイジェストは現在「${label[current.digest]}」です。`
        : `Your Shiojiri Salon digest is currently: ${label[current.digest]}.`;
    const ask = l === 'ja' ? '変更する場合は選んでください:' : 'Choose a new setting:';
    return this.page(
      l,
      l === 'ja' ? 'ダイジェストの配信設定' : 'Digest settings',
      html`<p>${intro}</p>
        ${
          lower.length
            ? html`<p>${ask}</p>
                ${lower.map(button)}`
            : ''
        }`,
    );
  }

  /** `frequency` from the page's buttons; anything else (the one-click body) means off. */
  async apply(token: string | undefined, frequency: unknown): Promise<string> {
    const memberId = this.memberFor(token);
    const chosen: DigestSetting = frequency === 'weekly' || frequency === 'daily' ? frequency : 'off';
    const updated = await this.settings.update(memberId, { digest: chosen });
    const l = updated.locale;
    const done =
      chosen === 'off'
        ? l === 'ja'
          ? 'ダイジェストの配信を停止しました。'
          : 'You will not receive the digest any more.'
        : l === 'ja'
          ? `ダイジェストを「${LABEL.ja[chosen]}」に変更しました。`
          : `Your digest is now: ${LABEL.en[chosen]}.`;
    return this.page(l, done, html`<p>${done}</p>`);
  }

  private page(locale: MailLocale, title: string, body: SafeHtml): string {
    return layout({ locale, title, bodyHtml: body });
  }
}
