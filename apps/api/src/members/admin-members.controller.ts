import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { AccountsService, PublicProfileDto, SetRoleDto, toPublicProfile } from '@app/members';
import { parseUuid } from '../common/parse-uuid.pipe';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/members')
export class AdminMembersController {
  constructor(private readonly accounts: AccountsService) {}

  @Put(':id/role')
  @ApiOperation({
    summary: "Change a member's role (admins); their existing tokens carry the new role at once",
  })
  @ApiResponse({ status: 200, type: PublicProfileDto })
  @ApiResponse({ status: 403, description: 'ROLE_REQUIRED: the caller is not an admin' })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'LAST_ADMIN: the only admin cannot be demoted' })
  async setRole(
    @Param('id', parseUuid('The member id')) id: string,
    @Body() body: SetRoleDto,
  ): Promise<PublicProfileDto> {
    return toPublicProfile(await this.accounts.changeRole(id, body.role));
  }
}
