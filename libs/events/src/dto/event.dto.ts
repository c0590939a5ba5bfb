import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Max, Min, MinLength } from 'class-validator';
import { HTTP_URL, IsInstant, IsQueryFlag, IsTimeZone, MaxChars, PageQueryDto, Trim } from '@app/common';
import { EVENT_FORMATS, RSVP_STATUSES, type EventFormat, type RsvpStatus } from '../event.entity';

export class CreateEventDto {
  @ApiProperty({ example: '塩尻CxO Lab 冬の交流会', maxLength: 120 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxChars(120)
  title!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxChars(5000)
  description?: string;

  @ApiProperty({ example: '2026-12-05T10:00:00Z', description: 'ISO 8601 instant' })
  @IsInstant()
  startsAt!: Date;

  @ApiProperty({ example: '2026-12-05T12:00:00Z', description: 'after startsAt' })
  @IsInstant()
  endsAt!: Date;

  @ApiPropertyOptional({ example: 'Asia/Tokyo', default: 'Asia/Tokyo' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiProperty({ enum: EVENT_FORMATS })
  @IsIn(EVENT_FORMATS)
  format!: EventFormat;

  @ApiPropertyOptional({ example: 'えんぱーく', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxChars(200)
  venueName?: string | null;

  @ApiPropertyOptional({ example: '長野県塩尻市大門一番町12-2', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxChars(300)
  venueAddress?: string | null;

  @ApiPropertyOptional({ description: 'Shown only to members who are going', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxChars(500)
  @IsUrl(HTTP_URL, { message: 'joinUrl must be an http or https URL' })
  joinUrl?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  themeId?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number | null;

  @ApiPropertyOptional({ description: 'ISO 8601 instant; no RSVPs after it' })
  @IsOptional()
  @IsInstant()
  rsvpDeadline?: Date | null;
}

export class UpdateEventDto extends PartialType(CreateEventDto) {}

export class RsvpDto {
  @ApiProperty({ enum: ['going', 'interested', 'not_going'] })
  @IsIn(['going', 'interested', 'not_going'])
  status!: Exclude<RsvpStatus, 'waitlisted'>;
}

export class EventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Events ending at or after this instant (default: now)' })
  @IsOptional()
  @IsInstant()
  from?: Date;

  @ApiPropertyOptional({ description: 'Events starting before this instant' })
  @IsOptional()
  @IsInstant()
  to?: Date;

  @ApiPropertyOptional({ description: 'Theme slug' })
  @IsOptional()
  @IsString()
  @MaxChars(60)
  theme?: string;

  @ApiPropertyOptional({
    description: 'Past events instead: those that ended before now (or `to`), most recent first',
  })
  @IsOptional()
  @IsQueryFlag()
  past?: boolean;
}

export class EventCountsDto {
  @ApiProperty() going!: number;
  @ApiProperty() interested!: number;
  @ApiProperty() waitlisted!: number;
}

export class MyRsvpDto {
  @ApiProperty({ enum: RSVP_STATUSES }) status!: RsvpStatus;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '1 = next to get a seat' })
  waitlistPosition!: number | null;
  @ApiProperty() checkedIn!: boolean;
  @ApiProperty() updatedAt!: string;
}

export class EventThemeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
}

export class EventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ enum: EVENT_FORMATS }) format!: EventFormat;
  @ApiProperty({ nullable: true, type: String }) venueName!: string | null;
  @ApiProperty({ nullable: true, type: String }) venueAddress!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Only for members going, and organisers' })
  joinUrl!: string | null;
  @ApiProperty({ nullable: true, type: EventThemeDto }) theme!: EventThemeDto | null;
  @ApiProperty({ nullable: true, type: Number }) capacity!: number | null;
  @ApiProperty({ nullable: true, type: String }) rsvpDeadline!: string | null;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status!: 'scheduled' | 'cancelled';
  @ApiProperty({ nullable: true, type: String }) cancelledAt!: string | null;
  @ApiProperty({ type: EventCountsDto }) counts!: EventCountsDto;
  @ApiProperty({ nullable: true, type: MyRsvpDto }) myRsvp!: MyRsvpDto | null;
  @ApiProperty() canManage!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] }) items!: EventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AttendeeDto {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'The member left the salon: show 退会したメンバー / "Former member"' })
  former!: boolean;
  @ApiProperty({ nullable: true, type: String }) furigana!: string | null;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
  @ApiProperty({ enum: RSVP_STATUSES }) status!: RsvpStatus;
  @ApiPropertyOptional({ nullable: true, type: Number }) waitlistPosition!: number | null;
  @ApiProperty({ nullable: true, type: String }) checkedInAt!: string | null;
}
