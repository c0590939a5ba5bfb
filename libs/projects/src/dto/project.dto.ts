import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { IsCalendarDate, MaxChars, Trim } from '@app/common';
import {
  PARTICIPANT_ROLES,
  PROJECT_STATUSES,
  type ParticipantRole,
  type ProjectStatus,
} from '../project-rules';

export class CreateProjectDto {
  @ApiProperty({ example: '2021年度 塩尻CxO Lab', maxLength: 120 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxChars(120)
  title!: string;

  @ApiProperty({ example: '2021-10-01', description: 'First day (YYYY-MM-DD, a day in Japan)' })
  @IsCalendarDate()
  startsOn!: string;

  @ApiProperty({
    example: '2021-12-31',
    description:
      'Last day (YYYY-MM-DD), on or after startsOn; its participants are alumni from the day after',
  })
  @IsCalendarDate()
  endsOn!: string;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES, default: 'planned' })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;
}

/** Every field optional (null counts as left out); the dates are checked together with the stored ones. */
export class UpdateProjectDto extends PartialType(CreateProjectDto) {}

export class ParticipantRoleDto {
  @ApiProperty({ enum: PARTICIPANT_ROLES })
  @IsIn(PARTICIPANT_ROLES)
  role!: ParticipantRole;
}

export class ProjectThemeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) titleEn!: string | null;
  @ApiProperty({ description: 'Archived themes are read only: their projects cannot be changed' })
  archived!: boolean;
}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ nullable: true, type: String }) furigana!: string | null;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
  @ApiProperty({ description: 'The member left the salon: show 退会したメンバー / "Former member"' })
  former!: boolean;
  @ApiProperty({ enum: PARTICIPANT_ROLES }) role!: ParticipantRole;
  @ApiProperty({ description: 'The project has ended (its endsOn has passed in Asia/Tokyo)' })
  alumni!: boolean;
  @ApiProperty() addedAt!: string;
}

export class ProjectDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: ProjectThemeDto }) theme!: ProjectThemeDto;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '2021-10-01' }) startsOn!: string;
  @ApiProperty({ example: '2021-12-31' }) endsOn!: string;
  @ApiProperty({ enum: PROJECT_STATUSES }) status!: ProjectStatus;
  @ApiProperty({
    description: 'endsOn has passed (a day in Asia/Tokyo): its participants are alumni of it',
  })
  ended!: boolean;
  @ApiProperty({ type: [ParticipantDto], description: 'In the order they were added' })
  participants!: ParticipantDto[];
  @ApiProperty({ description: 'The caller manages it (coordinators, admins and the theme owners)' })
  canManage!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** A project a member took part in, as their profile shows it. */
export class MemberProjectDto {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() themeSlug!: string;
  @ApiProperty() themeTitle!: string;
  @ApiProperty({ nullable: true, type: String }) themeTitleEn!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: PARTICIPANT_ROLES }) role!: ParticipantRole;
  @ApiProperty({ example: '2021-10-01' }) startsOn!: string;
  @ApiProperty({ example: '2021-12-31' }) endsOn!: string;
  @ApiProperty({ enum: PROJECT_STATUSES }) status!: ProjectStatus;
  @ApiProperty({ description: 'The project has ended (endsOn passed in Asia/Tokyo): they are its alumni' })
  alumni!: boolean;
}
