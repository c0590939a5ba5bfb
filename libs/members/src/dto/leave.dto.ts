import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { MaxChars } from '@app/common';

/** DELETE /api/members/me: the member confirms with their password. */
export class LeaveDto {
  @ApiProperty({ description: 'The current password' })
  @IsString()
  @MaxChars(200)
  password!: string;

  @ApiPropertyOptional({
    description:
      'Tombstone my messages too (as deleting each would); by default they stay, shown as a former member’s',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  deleteMessages?: boolean;
}
