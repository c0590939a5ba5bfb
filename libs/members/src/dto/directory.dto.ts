import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MinLength } from 'class-validator';
import { IsQueryFlag, PageQueryDto, MaxChars } from '@app/common';
import { RELATIONS, type Relation } from '../member.entity';
import { DIRECTORY_ORDERS, type DirectoryOrder } from '../members.repository';
import { PublicProfileDto } from './profile.dto';

export class DirectoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Substring of name, furigana, bio or skills (Japanese or English)',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxChars(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Exact skill tag', example: 'CMO', maxLength: 30 })
  @IsOptional()
  @IsString()
  @MaxChars(30)
  skill?: string;

  @ApiPropertyOptional({ enum: RELATIONS })
  @IsOptional()
  @IsIn(RELATIONS)
  relation?: Relation;

  @ApiPropertyOptional({
    description: 'Slug of a theme: its people, including those who stayed after it ended',
  })
  @IsOptional()
  @IsString()
  @MaxChars(60)
  theme?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A project's id: its participants" })
  @IsOptional()
  @IsUUID()
  project?: string;

  @ApiPropertyOptional({
    description:
      'true: only alumni (participants of a project whose endsOn has passed in Asia/Tokyo; with `project`, of that one)',
  })
  @IsOptional()
  @IsQueryFlag()
  alumni?: boolean;

  @ApiPropertyOptional({
    enum: DIRECTORY_ORDERS,
    default: 'newest',
    description: 'newest: newest members first; name: by furigana (else display name), in kana order',
  })
  @IsOptional()
  @IsIn(DIRECTORY_ORDERS)
  sort?: DirectoryOrder;
}

export class DirectoryPageDto {
  @ApiProperty({ type: [PublicProfileDto] }) items!: PublicProfileDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
