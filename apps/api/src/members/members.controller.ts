import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentMember, type AuthMember } from '@app/auth';
import { InvalidInputError } from '@app/common';
import {
  DirectoryPageDto,
  DirectoryQueryDto,
  MembersService,
  OwnProfileDto,
  PublicProfileDto,
  toOwnProfile,
  toPublicProfile,
  UpdateProfileDto,
} from '@app/members';

function memberIdPipe(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new InvalidInputError('INVALID_ID', 'The member id must be a UUID'),
  });
}

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get('me')
  @ApiOperation({ summary: 'My own profile, with my email and settings' })
  @ApiResponse({ status: 200, type: OwnProfileDto })
  async me(@CurrentMember() caller: AuthMember): Promise<OwnProfileDto> {
    return toOwnProfile(await this.members.get(caller.id));
  }

  @Patch('me')
  @ApiOperation({ summary: 'Change my profile; unknown fields are rejected' })
  @ApiResponse({ status: 200, type: OwnProfileDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED with details.fields' })
  async updateMe(
    @CurrentMember() caller: AuthMember,
    @Body() body: UpdateProfileDto,
  ): Promise<OwnProfileDto> {
    return toOwnProfile(await this.members.updateProfile(caller.id, body));
  }

  @Get()
  @ApiOperation({ summary: 'The member directory: search and filter, newest first, keyset-paginated' })
  @ApiResponse({ status: 200, type: DirectoryPageDto })
  async directory(@Query() query: DirectoryQueryDto): Promise<DirectoryPageDto> {
    const page = await this.members.directory(query);
    return { items: page.items.map(toPublicProfile), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: "Another member's public profile" })
  @ApiResponse({ status: 200, type: PublicProfileDto })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND' })
  async profile(@Param('id', memberIdPipe()) id: string): Promise<PublicProfileDto> {
    return toPublicProfile(await this.members.get(id));
  }
}
