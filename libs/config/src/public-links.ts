import type { AppConfig } from './env.schema';

/**
 * Every address the platform hands out (mails, calendars, chat announcements): the web client's pages
 * (paths that are a contract, see docs/web.md) and the api's public links, under PUBLIC_URL.
 */
export class PublicLinks {
  private readonly base: string;

  constructor(config: Pick<AppConfig, 'PUBLIC_URL'>) {
    this.base = config.PUBLIC_URL.replace(/\/+$/, '');
  }

  get home(): string {
    return this.base;
  }

  message(id: string): string {
    return `${this.base}/messages/${id}`;
  }

  theme(slug: string): string {
    return `${this.base}/themes/${encodeURIComponent(slug)}`;
  }

  event(id: string): string {
    return `${this.base}/events/${id}`;
  }

  /** The web client's page of a member's notification settings. */
  get notificationSettings(): string {
    return `${this.base}/settings/notifications`;
  }

  /** The web client's page that confirms an address from the verification mail. */
  verifyEmail(token: string): string {
    return `${this.base}/verify-email?token=${encodeURIComponent(token)}`;
  }

  /** The web client's page that sets a new password from the reset mail. */
  resetPassword(token: string): string {
    return `${this.base}/reset-password?token=${encodeURIComponent(token)}`;
  }

  /** The web client's account settings (password, address, devices). */
  get accountSettings(): string {
    return `${this.base}/settings/account`;
  }

  /** The digest's unsubscribe link; `period` (the digest it came in) is recorded with an unsubscribe. */
  digestUnsubscribe(token: string, period?: string | null): string {
    const from = period ? `&period=${encodeURIComponent(period)}` : '';
    return `${this.base}/api/digests/unsubscribe?token=${encodeURIComponent(token)}${from}`;
  }

  /** A digest's link through the first-party redirect that counts the click (GET /api/digests/click). */
  digestClick(token: string): string {
    return `${this.base}/api/digests/click?token=${encodeURIComponent(token)}`;
  }

  /** The path and query of one of our addresses (what a digest click token carries), or null. */
  pathOf(url: string): string | null {
    return url.startsWith(`${this.base}/`) ? url.slice(this.base.length) : null;
  }

  calendarFeed(token: string): string {
    return `${this.base}/api/calendar/${token}.ics`;
  }

  /** The web client's registration page for an invitation. */
  invitation(token: string): string {
    return `${this.base}/register?invite=${encodeURIComponent(token)}`;
  }
}
