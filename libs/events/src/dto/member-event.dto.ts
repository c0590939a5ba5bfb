import { ApiProperty } from '@nestjs/swagger';
import { EVENT_FORMATS, type EventFormat } from '../event.entity';
import { EventThemeDto } from './event.dto';

export const TAKING_PART = ['going', 'waitlisted', 'interested'] as const;
export type TakingPart = (typeof TAKING_PART)[number];

/** An event on a member's profile: one they are going to, waiting for, interested in, or attended. */
export class MemberEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ enum: EVENT_FORMATS }) format!: EventFormat;
  @ApiProperty({ nullable: true, type: EventThemeDto }) theme!: EventThemeDto | null;
  @ApiProperty({
    enum: TAKING_PART,
    description: "The member's answer (a walk-in checked in counts as going)",
  })
  rsvp!: TakingPart;
  @ApiProperty({ description: 'Checked in at the event' }) attended!: boolean;
  @ApiProperty({ description: 'The event has ended' }) past!: boolean;
}
