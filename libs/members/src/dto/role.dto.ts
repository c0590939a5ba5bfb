import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ROLES, type Role } from '@app/auth';

export class SetRoleDto {
  @ApiProperty({ enum: ROLES, example: 'coordinator' })
  @IsIn(ROLES)
  role!: Role;
}
