import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentMember, type AuthMember } from '@app/auth';
import {
  DirectoryPageDto,
  DirectoryQueryDto,
  LeaveDto,
  LeavingService,
  MembersService,
  type MemberExport,
  toOwnProfile,
  toPublicProfile,
  UpdateProfileDto,
} from '@app/members';
import { EventsService } from '@app/events';
import { ProjectsService } from '@app/projects';
import { ThemeAccess, ThemesService } from '@app/themes';
import { MemberProfileDto, MyProfileDto } from './member-profile.dto';
import { parseUuid } from '../common/parse-uuid.pipe';

/** The members in every one of these lists (a list left undefined does not narrow). */
function intersection(...lists: (readonly string[] | undefined)[]): string[] | undefined {
  const given = lists.filter((list): list is readonly string[] => list !== undefined);
  if (!given.length) return undefined;
  const [first, ...rest] = given;
  const others = rest.map((list) => new Set(list));
  return first.filter((id) => others.every((set) => set.has(id)));
}

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly themes: ThemesService,
    private readonly access: ThemeAccess,
    private readonly events: EventsService,
    private readonly leaving: LeavingService,
    private readonly projects: ProjectsService,
  ) {}

  @Get('me/export')
  @Header('Content-Disposition', 'attachment; filename="shiojiri-salon-my-data.json"')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Everything the platform holds about me, as a JSON download: profile, settings, sessions, themes, messages, reactions, RSVPs and check-ins, digests, invitations',
  })
  @ApiResponse({ status: 200, description: 'The export (format shiojiri-salon-export/1)' })
  exportMine(@CurrentMember() caller: AuthMember): Promise<MemberExport> {
    return this.leaving.export(caller.id);
  }

  @Delete('me')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Leave the salon: sessions end, the profile is wiped and gone from the directory, the address can register again; messages stay as a former member’s unless deleteMessages',
  })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 403, description: 'PASSWORD_INCORRECT (details.fields)' })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED after repeated wrong passwords' })
  async leave(@CurrentMember() caller: AuthMember, @Body() body: LeaveDto): Promise<void> {
    await this.leaving.leave(caller.id, body);
  }

  @Get('me')
  @ApiOperation({ summary: 'My own profile, with my email and settings' })
  @ApiResponse({ status: 200, type: MyProfileDto })
  async me(@CurrentMember() caller: AuthMember): Promise<MyProfileDto> {
    const [member, themes, projects] = await Promise.all([
      this.members.get(caller.id),
      this.themes.themesOf(caller.id, caller),
      this.projects.projectsOf(caller.id, caller),
    ]);
    return { ...toOwnProfile(member), themes, projects };
  }

  @Patch('me')
  @ApiOperation({ summary: 'Change my profile; unknown fields are rejected' })
  @ApiResponse({ status: 200, type: MyProfileDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED with details.fields' })
  async updateMe(@CurrentMember() caller: AuthMember, @Body() body: UpdateProfileDto): Promise<MyProfileDto> {
    const member = await this.members.updateProfile(caller.id, body);
    const [themes, projects] = await Promise.all([
      this.themes.themesOf(caller.id, caller),
      this.projects.projectsOf(caller.id, caller),
    ]);
    return { ...toOwnProfile(member), themes, projects };
  }

  @Get()
  @ApiOperation({
    summary: 'The member directory: search and filter, newest first or by name (sort=name), keyset-paginated',
  })
  @ApiResponse({ status: 200, type: DirectoryPageDto })
  async directory(
    @CurrentMember() caller: AuthMember,
    @Query() query: DirectoryQueryDto,
  ): Promise<DirectoryPageDto> {
    // A theme's people: its members (followers and owners), including those who stayed after it ended;
    // a project's participants, alumni: each filter narrows the one before.
    const [themePeople, projectPeople] = await Promise.all([
      query.theme
        ? this.access.visibleTheme(query.theme, caller).then((theme) => this.access.memberIdsOf(theme.id))
        : undefined,
      this.projects.peopleOf({ project: query.project, alumni: query.alumni }, caller),
    ]);
    const page = await this.members.directory(query, intersection(themePeople, projectPeople));
    return { items: page.items.map(toPublicProfile), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      "Another member's public profile, with the themes and events they take part in (as far as I may see them)",
  })
  @ApiResponse({ status: 200, type: MemberProfileDto })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND' })
  async profile(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('The member id')) id: string,
  ): Promise<MemberProfileDto> {
    const member = await this.members.get(id);
    const [themes, events, projects] = await Promise.all([
      this.themes.themesOf(id, caller),
      this.events.takenPartBy(id, caller),
      this.projects.projectsOf(id, caller),
    ]);
    return { ...toPublicProfile(member), themes, events, projects };
  }
}
