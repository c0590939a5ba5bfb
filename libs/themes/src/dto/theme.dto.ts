import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MinLength,
} from 'class-validator';
import { THEME_STATUSES, THEME_VISIBILITIES, type ThemeStatus, type ThemeVisibility } from '../theme.entity';
import { MaxChars, Trim } from '@app/common';

export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const slugMessage = { message: '$property must be lower-case letters, digits and single hyphens' };

export class CreateThemeDto {
  @ApiProperty({ example: 'kiso-hirasawa-stay', maxLength: 60 })
  @IsString()
  @MaxChars(60)
  @Matches(SLUG, slugMessage)
  slug!: string;

  @ApiProperty({ example: '木曽平沢「日々別荘」の滞在型コンテンツづくり', maxLength: 100 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxChars(100)
  title!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxChars(2000)
  summary?: string;

  @ApiPropertyOptional({ maxLength: 100, nullable: true })
  @IsOptional()
  @IsString()
  @MaxChars(100)
  titleEn?: string | null;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxChars(2000)
  summaryEn?: string | null;

  @ApiPropertyOptional({ enum: THEME_STATUSES, default: 'recruiting' })
  @IsOptional()
  @IsIn(THEME_STATUSES)
  status?: ThemeStatus;

  @ApiPropertyOptional({ enum: THEME_VISIBILITIES, default: 'public' })
  @IsOptional()
  @IsIn(THEME_VISIBILITIES)
  visibility?: ThemeVisibility;

  @ApiPropertyOptional({ description: 'Members who own (run) the theme', type: [String], maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ownerIds?: string[];
}

/**
 * PATCH: the slug is the theme's address and never changes; owners change only by coordinators.
 * null clears titleEn/summaryEn; for the fields a theme always has, null leaves them as they are.
 */
export class UpdateThemeDto extends PartialType(OmitType(CreateThemeDto, ['slug'] as const)) {
  @ApiPropertyOptional({
    description:
      'Archive (true) or reopen (false): an archived theme stays readable but takes no new messages, channels or events',
  })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;
}

export class ThemeMemberRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
}

export class ThemeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ nullable: true, type: String }) titleEn!: string | null;
  @ApiProperty({ nullable: true, type: String }) summaryEn!: string | null;
  @ApiProperty({ enum: THEME_STATUSES }) status!: ThemeStatus;
  @ApiProperty({ enum: THEME_VISIBILITIES }) visibility!: ThemeVisibility;
  @ApiProperty({ description: 'Archived: readable, but no new messages, channels or events' })
  archived!: boolean;
  @ApiProperty({ nullable: true, type: String }) archivedAt!: string | null;
  @ApiProperty({ type: [ThemeMemberRefDto] }) owners!: ThemeMemberRefDto[];
  @ApiProperty() followerCount!: number;
  @ApiProperty({ description: 'Whether the caller follows this theme' }) following!: boolean;
  @ApiProperty() createdAt!: string;
}

export class ThemeRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: THEME_STATUSES }) status!: ThemeStatus;
}

export class AddThemeMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId!: string;
}
