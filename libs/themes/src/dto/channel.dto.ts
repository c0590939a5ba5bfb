import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MinLength, ValidateIf } from 'class-validator';
import { SLUG } from './theme.dto';
import { MaxChars, Trim } from '@app/common';

export class CreateChannelDto {
  @ApiProperty({ example: 'events', maxLength: 60 })
  @IsString()
  @MaxChars(60)
  @Matches(SLUG, { message: 'slug must be lower-case letters, digits and single hyphens' })
  slug!: string;

  @ApiProperty({ example: 'イベント', maxLength: 80 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxChars(80)
  name!: string;
}

export class UpdateChannelDto {
  @ApiPropertyOptional({ maxLength: 80 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MinLength(1)
  @MaxChars(80)
  name?: string;

  @ApiPropertyOptional({ description: 'Archived channels stay readable but take no new messages' })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;
}

export class ChannelDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) themeId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() archived!: boolean;
  @ApiProperty({ description: 'seq of the newest message' }) lastSeq!: number;
}
