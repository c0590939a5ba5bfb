import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsTimeZone, OptionalNotNull } from '@app/common';
import { DIGEST_PREFERENCES, LOCALES, type DigestPreference, type Locale } from '@app/members';

/** The members domain keeps them (a member's mail preferences). */
export const DIGEST_SETTINGS = DIGEST_PREFERENCES;
export type DigestSetting = DigestPreference;

export class NotificationSettingsDto {
  @ApiProperty({ enum: DIGEST_SETTINGS, default: 'weekly' })
  digest!: DigestSetting;

  @ApiProperty({
    minimum: 1,
    maximum: 7,
    default: 1,
    description: 'ISO weekday of the weekly digest: 1 = Monday … 7 = Sunday',
  })
  sendWeekday!: number;

  @ApiProperty({ minimum: 0, maximum: 23, default: 8, description: 'Local hour the digest goes out' })
  sendHour!: number;

  @ApiProperty({ example: 'Asia/Tokyo', description: 'The profile time zone: send time and dates use it' })
  timeZone!: string;

  @ApiProperty({ enum: LOCALES, description: 'The profile language: the digest is written in it' })
  locale!: Locale;
}

export class UpdateNotificationSettingsDto {
  @ApiPropertyOptional({ enum: DIGEST_SETTINGS })
  @OptionalNotNull()
  @IsIn(DIGEST_SETTINGS)
  digest?: DigestSetting;

  @ApiPropertyOptional({ minimum: 1, maximum: 7 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(7)
  sendWeekday?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 23 })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(23)
  sendHour?: number;

  @ApiPropertyOptional({ example: 'Asia/Tokyo' })
  @OptionalNotNull()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @OptionalNotNull()
  @IsIn(LOCALES)
  locale?: Locale;
}
