import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { SLUG } from './theme.dto';

export class CreateChannelDto {
  @ApiProperty({ example: 'events', maxLength: 60 })
  @IsString()
  @MaxLength(60)
  @Matches(SLUG, { message: 'slug must be lower-case letters, digits and single hyphens' })
  slug!: string;

  @ApiProperty({ example: 'イベント', maxLength: 80 })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  name!: string;
}

export class UpdateChannelDto {
  @ApiPropertyOptional({ maxLength: 80 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(80)
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
