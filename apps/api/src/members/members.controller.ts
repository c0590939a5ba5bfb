import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentMember, type AuthMember } from '@app/auth';
import {
  DirectoryPageDto,
  DirectoryQueryDto,
  MembersService,
  toOwnProfile,
  toPublicProfile,
  UpdateProfileDto,
} from '@app/members';
import { ThemesService } from '@app/themes';
import { MemberProfileDto, MyProfileDto } from './member-profile.dto';
import { parseUuid } from '../common/parse-uuid.pipe';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly themes: ThemesService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'My own profile, with my email and settings' })
  @ApiResponse({ status: 200, type: MyProfileDto })
  async me(@CurrentMember() caller: AuthMember): Promise<MyProfileDto> {
    const [member, themes] = await Promise.all([
      this.members.get(caller.id),
      this.themes.themesOf(caller.id, caller),
    ]);
    return { ...toOwnProfile(member), themes };
  }

  @Patch('me')
  @ApiOperation({ summary: 'Change my profile; unknown fields are rejected' })
  @ApiResponse({ status: 200, type: MyProfileDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED with details.fields' })
  async updateMe(@CurrentMember() caller: AuthMember, @Body() body: UpdateProfileDto): Promise<MyProfileDto> {
    const member = await this.members.updateProfile(caller.id, body);
    return { ...toOwnProfile(member), themes: await this.themes.themesOf(caller.id, caller) };
  }

  @Get()
  @ApiOperation({ summary: 'The member directory: search and filter, newest first, keyset-paginated' })
  @ApiResponse({ status: 200, type: DirectoryPageDto })
  async directory(
    @CurrentMember() caller: AuthMember,
    @Query() query: DirectoryQueryDto,
  ): Promise<DirectoryPageDto> {
    const scope = query.theme
      ? this.themes.peopleScope((await this.themes.visibleTheme(query.theme, caller)).id)
      : undefined;
    const page = await this.members.directory(query, scope);
    return { items: page.items.map(toPublicProfile), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: "Another member's public profile" })
  @ApiResponse({ status: 200, type: MemberProfileDto })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND' })
  async profile(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('The member id')) id: string,
  ): Promise<MemberProfileDto> {
    const member = await this.members.get(id);
    return { ...toPublicProfile(member), themes: await this.themes.themesOf(id, caller) };
  }
}
