import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, PublicLinks, type AppConfig } from '@app/config';
import { InvalidInputError } from '@app/common';
import { html, layout, type MailLocale } from '@app/mail';
import { DigestSettingsService } from './digest-settings.service';
import {
  DIGEST_SETTINGS,
  type DigestSetting,
  type NotificationSettingsDto,
} from './dto/notification-settings.dto';
import { verifyMailLinkToken } from './unsubscribe-token';

export class InvalidMailLinkError extends InvalidInputError {
  constructor() {
    super('INVALID_LINK_TOKEN', 'This link is not valid: it may have been cut off when it was copied');
  }
}

/** A digest period as the links carry it (`2026-W48`, `2026-11-23`); anything else is no period. */
function periodOf(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-(W\d{2}|\d{2}-\d{2})$/.test(value) ? value : null;
}

const LABEL: Record<MailLocale, Record<DigestSetting, string>> = {
  ja: { weekly: '週に1回', daily: '毎日', off: '配信停止' },
  en: { weekly: 'Weekly', daily: 'Daily', off: 'Off' },
};

/** What each button does, said as an action. */
const CHOICE: Record<MailLocale, Record<DigestSetting, string>> = {
  ja: { weekly: '週に1回受け取る', daily: '毎日受け取る', off: '配信を停止する' },
  en: { weekly: 'Get it weekly', daily: 'Get it daily', off: 'Stop the digest' },
};

/**
 * The digest's unsubscribe link. GET only shows a page (link scanners and previews fetch URLs), with
 * a button for every other setting, turning the digest back on included; a POST changes the setting. Mail
 * clients' one-click POST (RFC 8058, body `List-Unsubscribe=One-Click`) turns the digest off. The signed
 * token stands in for a login, for this member and this action only.
 */
@Injectable()
export class DigestUnsubscribeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: PublicLinks,
    private readonly settings: DigestSettingsService,
  ) {}

  /** The member the link was made for. A query string can carry anything (`?token=a&token=b` is an array). */
  memberFor(token: unknown): string {
    const memberId =
      typeof token === 'string' && token
        ? verifyMailLinkToken(this.config.JWT_SECRET, 'digest-unsubscribe', token)
        : null;
    if (!memberId) throw new InvalidMailLinkError();
    return memberId;
  }

  /** `period`: the digest the link came in (recorded with an unsubscribe), carried on to the page's buttons. */
  async choicesPage(token: unknown, period?: unknown): Promise<string> {
    const memberId = this.memberFor(token);
    return this.settingsPage(String(token), periodOf(period), await this.settings.get(memberId), null);
  }

  /** `frequency` from the page's buttons; anything else (the one-click body) means off. */
  async apply(token: unknown, frequency: unknown, period?: unknown): Promise<string> {
    const memberId = this.memberFor(token);
    const chosen: DigestSetting = frequency === 'weekly' || frequency === 'daily' ? frequency : 'off';
    const updated = await this.settings.update(memberId, { digest: chosen }, periodOf(period));
    const done =
      updated.locale === 'ja'
        ? chosen === 'off'
          ? 'ダイジェストの配信を停止しました。'
          : `ダイジェストを「${LABEL.ja[chosen]}」に変更しました。`
        : chosen === 'off'
          ? 'You will not receive the digest any more.'
          : `Your digest is now: ${LABEL.en[chosen]}.`;
    return this.settingsPage(String(token), periodOf(period), updated, done);
  }

  /** The current setting and a button for each other one (so a digest turned off can be turned on again). */
  private settingsPage(
    token: string,
    period: string | null,
    current: NotificationSettingsDto,
    done: string | null,
  ): string {
    const l = current.locale;
    const action = this.links.digestUnsubscribe(token, period);
    const button = (value: DigestSetting) =>
      html`<form method="post" action="${action}" style="margin:0 0 8px">
        <input type="hidden" name="frequency" value="${value}" />
        <button type="submit" style="padding:10px 16px;font-size:15px">${CHOICE[l][value]}</button>
      </form>`;
    const status =
      l === 'ja'
        ? `塩尻サロンのダイジェストは現在「${LABEL.ja[current.digest]}」です。`
        : `Your Shiojiri Salon digest is currently: ${LABEL.en[current.digest]}.`;
    const ask = l === 'ja' ? '変更する場合は選んでください:' : 'Choose a new setting:';
    const others = DIGEST_SETTINGS.filter((setting) => setting !== current.digest);
    // The weekday, hour and calendar feed are on the web client's settings page (sign-in there).
    const more =
      l === 'ja'
        ? html`<p style="margin:16px 0 0">
            曜日・時刻やカレンダーの設定は
            <a href="${this.links.notificationSettings}">通知設定を開く</a>（ログインが必要です）
          </p>`
        : html`<p style="margin:16px 0 0">
            Weekday, hour and calendar feed:
            <a href="${this.links.notificationSettings}">open your notification settings</a> (sign-in needed)
          </p>`;
    return layout({
      locale: l,
      title: done ?? (l === 'ja' ? 'ダイジェストの配信設定' : 'Digest settings'),
      bodyHtml: html`${done ? html`<p><strong>${done}</strong></p>` : ''}
        <p>${status}</p>
        <p>${ask}</p>
        ${others.map(button)} ${more}`,
    });
  }
}
