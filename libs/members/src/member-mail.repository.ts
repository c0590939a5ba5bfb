import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { preparedQuery, updateReturning } from '@app/database';
import type { Locale } from './member.entity';

/** How often a member wants the digest; `off` means never. */
export const DIGEST_PREFERENCES = ['weekly', 'daily', 'off'] as const;
export type DigestPreference = (typeof DIGEST_PREFERENCES)[number];

/** The member's side of mail: where it goes, in which language and zone, and how often the digest. */
export interface MailPreferences {
  digest: DigestPreference;
  /** ISO weekday of the weekly digest: 1 = Monday … 7 = Sunday. */
  sendWeekday: number;
  /** Local hour the digest goes out. */
  sendHour: number;
  timeZone: string;
  locale: Locale;
}

/** Who a mail is for. */
export interface MailRecipient {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  timeZone: string;
  digest: DigestPreference;
  /** Repeated permanent refusals marked the address undeliverable: send nothing more. */
  undeliverable: boolean;
  /** Permanent refusals in a row so far (a mail the server takes starts the count again). */
  refusals: number;
  /** The member confirmed the address: until then no digest or event mail goes to it. */
  verified: boolean;
}

/** A member whose digest may be due, as the digest scheduler needs them. */
export interface DigestRecipient {
  id: string;
  createdAt: Date;
  timeZone: string;
  sendWeekday: number;
  sendHour: number;
}

interface PreferencesRow {
  digest_frequency: DigestPreference;
  digest_weekday: number;
  digest_hour: number;
  time_zone: string;
  locale: Locale;
}

interface RecipientRow {
  id: string;
  email: string;
  display_name: string;
  locale: Locale;
  time_zone: string;
  digest_frequency: DigestPreference;
  mail_undeliverable_at: Date | null;
  mail_bounce_count: number;
  verified: boolean;
}

const PREFERENCES = `digest_frequency, digest_weekday, digest_hour, time_zone, locale`;
const RECIPIENT = `id, email, display_name, locale, time_zone, digest_frequency, mail_undeliverable_at, mail_bounce_count,
  email_verified_at IS NOT NULL AS verified`;

function toPreferences(row: PreferencesRow): MailPreferences {
  return {
    digest: row.digest_frequency,
    sendWeekday: row.digest_weekday,
    sendHour: row.digest_hour,
    timeZone: row.time_zone,
    locale: row.locale,
  };
}

function toRecipient(row: RecipientRow): MailRecipient {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    timeZone: row.time_zone,
    digest: row.digest_frequency,
    undeliverable: row.mail_undeliverable_at !== null,
    refusals: row.mail_bounce_count,
    verified: row.verified,
  };
}

/** The members table's mail columns: preferences, recipients, and what the mail server said of an address. */
@Injectable()
export class MemberMailRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async preferences(memberId: string): Promise<MailPreferences | null> {
    const [row] = await this.db.query<PreferencesRow[]>(`SELECT ${PREFERENCES} FROM members WHERE id = $1`, [
      memberId,
    ]);
    return row ? toPreferences(row) : null;
  }

  async updatePreferences(
    memberId: string,
    changes: Partial<MailPreferences>,
  ): Promise<MailPreferences | null> {
    const [row] = await updateReturning<PreferencesRow>(
      this.db,
      `UPDATE members SET digest_frequency = coalesce($2, digest_frequency),
              digest_weekday = coalesce($3, digest_weekday), digest_hour = coalesce($4, digest_hour),
              time_zone = coalesce($5, time_zone), locale = coalesce($6, locale), updated_at = now()
        WHERE id = $1 RETURNING ${PREFERENCES}`,
      [
        memberId,
        changes.digest ?? null,
        changes.sendWeekday ?? null,
        changes.sendHour ?? null,
        changes.timeZone ?? null,
        changes.locale ?? null,
      ],
    );
    return row ? toPreferences(row) : null;
  }

  /**
   * Members with this digest frequency and a verified, deliverable address, in id order after `afterId`
   * (keyset batches of the scheduler).
   */
  async digestRecipients(
    frequency: Exclude<DigestPreference, 'off'>,
    afterId: string,
    limit: number,
  ): Promise<DigestRecipient[]> {
    const rows = await this.db.query<
      { id: string; created_at: Date; time_zone: string; digest_weekday: number; digest_hour: number }[]
    >(
      `SELECT id, created_at, time_zone, digest_weekday, digest_hour FROM members
        WHERE digest_frequency = $1 AND mail_undeliverable_at IS NULL AND email_verified_at IS NOT NULL
          AND deleted_at IS NULL AND id > $2
        ORDER BY id LIMIT $3`,
      [frequency, afterId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      timeZone: row.time_zone,
      sendWeekday: row.digest_weekday,
      sendHour: row.digest_hour,
    }));
  }

  /** Prepared: a digest run reads one recipient per member. */
  async recipient(memberId: string): Promise<MailRecipient | null> {
    const [row] = await preparedQuery<RecipientRow>(
      this.db,
      'members_mail_recipient',
      // A member who left gets nothing, not even what was queued before they left.
      `SELECT ${RECIPIENT} FROM members WHERE id = $1 AND deleted_at IS NULL`,
      [memberId],
    );
    return row ? toRecipient(row) : null;
  }

  /**
   * These members as recipients, whatever the state of their address (a member who left is not one): the
   * digest sender reads a batch of its jobs' members at once and decides per member.
   */
  async recipientsByIds(memberIds: readonly string[]): Promise<Map<string, MailRecipient>> {
    const rows = await preparedQuery<RecipientRow>(
      this.db,
      'members_mail_recipients_by_ids',
      `SELECT ${RECIPIENT} FROM members WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
      [memberIds],
    );
    return new Map(rows.map((row) => [row.id, toRecipient(row)]));
  }

  /** Those of these members whose address is verified: event mails go to no one else. */
  async recipients(memberIds: readonly string[]): Promise<MailRecipient[]> {
    if (!memberIds.length) return [];
    const rows = await this.db.query<RecipientRow[]>(
      `SELECT ${RECIPIENT} FROM members
        WHERE id = ANY($1::uuid[]) AND email_verified_at IS NOT NULL AND deleted_at IS NULL ORDER BY id`,
      [memberIds],
    );
    return rows.map(toRecipient);
  }

  /** The mail server took a mail for the address: its count of refusals starts again. */
  async recordAccepted(memberId: string): Promise<void> {
    await preparedQuery(
      this.db,
      'members_mail_accepted',
      `UPDATE members SET mail_bounce_count = 0 WHERE id = $1 AND mail_bounce_count > 0`,
      [memberId],
    );
  }

  /** A permanent refusal; `limit` of them in a row mark the address undeliverable. True when it is now. */
  async recordRefused(memberId: string, limit: number): Promise<boolean> {
    const [row] = await updateReturning<{ mail_undeliverable_at: Date | null }>(
      this.db,
      `UPDATE members SET mail_bounce_count = mail_bounce_count + 1,
              mail_undeliverable_at = CASE WHEN mail_bounce_count + 1 >= $2 THEN now() ELSE mail_undeliverable_at END
        WHERE id = $1 RETURNING mail_undeliverable_at`,
      [memberId, limit],
    );
    return row?.mail_undeliverable_at != null;
  }
}
