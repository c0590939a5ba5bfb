import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { updateReturning } from '@app/database';
import type { Locale } from '@app/members';
import type {
  DigestSetting,
  NotificationSettingsDto,
  UpdateNotificationSettingsDto,
} from './dto/notification-settings.dto';

interface SettingsRow {
  digest_frequency: DigestSetting;
  digest_weekday: number;
  digest_hour: number;
  time_zone: string;
  locale: Locale;
}

const RETURNING = `digest_frequency, digest_weekday, digest_hour, time_zone, locale`;

function toDto(row: SettingsRow): NotificationSettingsDto {
  return {
    digest: row.digest_frequency,
    sendWeekday: row.digest_weekday,
    sendHour: row.digest_hour,
    timeZone: row.time_zone,
    locale: row.locale,
  };
}

/** A member's digest settings; time zone and language are the profile's own. */
@Injectable()
export class DigestSettingsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(memberId: string): Promise<NotificationSettingsDto> {
    const [row] = await this.db.query<SettingsRow[]>(`SELECT ${RETURNING} FROM members WHERE id = $1`, [
      memberId,
    ]);
    return toDto(row);
  }

  async update(memberId: string, changes: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    const [row] = await updateReturning<SettingsRow>(
      this.db,
      `UPDATE members SET digest_frequency = coalesce($2, digest_frequency),
              digest_weekday = coalesce($3, digest_weekday), digest_hour = coalesce($4, digest_hour),
              time_zone = coalesce($5, time_zone), locale = coalesce($6, locale), updated_at = now()
        WHERE id = $1 RETURNING ${RETURNING}`,
      [
        memberId,
        changes.digest ?? null,
        changes.sendWeekday ?? null,
        changes.sendHour ?? null,
        changes.timeZone ?? null,
        changes.locale ?? null,
      ],
    );
    return toDto(row);
  }
}
