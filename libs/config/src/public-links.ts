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

  digestUnsubscribe(token: string): string {
    return `${this.base}/api/digests/unsubscribe?token=${encodeURIComponent(token)}`;
  }

  calendarFeed(token: string): string {
    return `${this.base}/api/calendar/${token}.ics`;
  }

  /** The web client's registration page for an invitation. */
  invitation(token: string): string {
    return `${this.base}/register?invite=${encodeURIComponent(token)}`;
  }
}
