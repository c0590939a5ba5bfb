import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { LOCALES, RELATIONS, type Locale, type Relation } from '../member.entity';
import { HTTP_URL, IsTimeZone, MaxChars, OptionalNotNull, Trim } from '@app/common';

export class PastProjectDto {
  @ApiProperty({ example: '奈良井宿 日々別荘 滞在型コンテンツ', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxChars(100)
  theme!: string;

  @ApiPropertyOptional({ example: 'CMO', maxLength: 60 })
  @IsOptional()
  @IsString()
  @MaxChars(60)
  role?: string;

  @ApiPropertyOptional({ example: 2021, minimum: 1990, maximum: 2100 })
  @IsOptional()
  @IsInt()
  @Min(1990)
  @Max(2100)
  year?: number;
}

export class ProfileLinkDto {
  @ApiProperty({ example: 'note', maxLength: 50 })
  @IsString()
  @MinLength(1)
  @MaxChars(50)
  label!: string;

  @ApiProperty({ example: 'https://note.example/hanako', maxLength: 500 })
  @IsString()
  @MaxChars(500)
  @IsUrl(HTTP_URL, { message: 'url must be an http or https URL' })
  url!: string;
}

/** PATCH /api/members/me: every field optional; nullable ones clear with null; unknown fields are rejected. */
export class UpdateProfileDto {
  @ApiPropertyOptional({ maxLength: 50 })
  @Trim()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxChars(50)
  displayName?: string;

  @ApiPropertyOptional({ example: 'しおじり はなこ', maxLength: 100, nullable: true })
  @IsOptional()
  @IsString()
  @MaxChars(100)
  furigana?: string | null;

  @ApiPropertyOptional({ maxLength: 2000 })
  @OptionalNotNull()
  @IsString()
  @MaxChars(2000)
  bio?: string;

  @ApiPropertyOptional({ example: ['CMO', 'デザイン'], maxItems: 20 })
  @Trim()
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxChars(30, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ enum: RELATIONS, nullable: true })
  @IsOptional()
  @IsIn(RELATIONS)
  relation?: Relation | null;

  @ApiPropertyOptional({ example: '塩尻市 大門', maxLength: 100, nullable: true })
  @IsOptional()
  @IsString()
  @MaxChars(100)
  homeArea?: string | null;

  @ApiPropertyOptional({ type: [PastProjectDto], maxItems: 30 })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PastProjectDto)
  pastProjects?: PastProjectDto[];

  @ApiPropertyOptional({ type: [ProfileLinkDto], maxItems: 10 })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ProfileLinkDto)
  links?: ProfileLinkDto[];

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxChars(500)
  @IsUrl(HTTP_URL, { message: 'avatarUrl must be an http or https URL' })
  avatarUrl?: string | null;

  @ApiPropertyOptional({ enum: LOCALES, default: 'ja' })
  @OptionalNotNull()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ example: 'Asia/Tokyo', default: 'Asia/Tokyo' })
  @OptionalNotNull()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  openToHelp?: boolean;
}

/** What any signed-in member may see of another. Never the email. */
export class PublicProfileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ nullable: true, type: String }) furigana!: string | null;
  @ApiProperty() bio!: string;
  @ApiProperty({ type: [String] }) skills!: string[];
  @ApiProperty({ enum: RELATIONS, nullable: true }) relation!: Relation | null;
  @ApiProperty({ nullable: true, type: String }) homeArea!: string | null;
  @ApiProperty({ type: [PastProjectDto] }) pastProjects!: PastProjectDto[];
  @ApiProperty({ type: [ProfileLinkDto] }) links!: ProfileLinkDto[];
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
  @ApiProperty() openToHelp!: boolean;
  @ApiProperty({ enum: ['member', 'coordinator', 'admin'] }) role!: string;
  @ApiProperty() createdAt!: string;
}

/** The caller's own profile: adds what only they see. */
export class OwnProfileDto extends PublicProfileDto {
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'Digests and event mails go only to a verified address' })
  emailVerified!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'An address change waiting for its verification',
  })
  pendingEmail!: string | null;
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  @ApiProperty() timeZone!: string;
}
