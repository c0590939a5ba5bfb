import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentMember, Roles, type AuthMember } from '@app/auth';
import {
  AddThemeMemberDto,
  ChannelDto,
  CreateChannelDto,
  CreateThemeDto,
  ThemeDto,
  ThemesService,
  UpdateChannelDto,
  UpdateThemeDto,
} from '@app/themes';
import { parseUuid } from '../common/parse-uuid.pipe';

@ApiTags('themes')
@ApiBearerAuth()
@Controller('themes')
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  @Get()
  @ApiOperation({ summary: 'Themes I can see: all public ones and the private ones I belong to' })
  @ApiResponse({ status: 200, type: [ThemeDto] })
  async list(@CurrentMember() caller: AuthMember): Promise<{ items: ThemeDto[] }> {
    return { items: await this.themes.list(caller) };
  }

  @Post()
  @Roles('coordinator', 'admin')
  @ApiOperation({ summary: 'Create a theme (coordinators); its #general channel is made with it' })
  @ApiResponse({ status: 201, type: ThemeDto })
  @ApiResponse({ status: 409, description: 'THEME_SLUG_TAKEN' })
  create(@CurrentMember() caller: AuthMember, @Body() body: CreateThemeDto): Promise<ThemeDto> {
    return this.themes.create(body, caller);
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One theme, with follower count and whether I follow it' })
  @ApiResponse({ status: 200, type: ThemeDto })
  @ApiResponse({ status: 404, description: 'THEME_NOT_FOUND' })
  get(@CurrentMember() caller: AuthMember, @Param('slug') slug: string): Promise<ThemeDto> {
    return this.themes.get(slug, caller);
  }

  @Patch(':slug')
  @ApiOperation({ summary: 'Edit a theme (coordinators, or its owners; owners are changed by coordinators)' })
  @ApiResponse({ status: 200, type: ThemeDto })
  update(
    @CurrentMember() caller: AuthMember,
    @Param('slug') slug: string,
    @Body() body: UpdateThemeDto,
  ): Promise<ThemeDto> {
    return this.themes.update(slug, body, caller);
  }

  @Post(':slug/follow')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Follow a theme: its channels become readable and writable for me' })
  @ApiResponse({ status: 200, type: ThemeDto })
  @ApiResponse({
    status: 404,
    description: 'THEME_NOT_FOUND (also for private themes you were not added to)',
  })
  follow(@CurrentMember() caller: AuthMember, @Param('slug') slug: string): Promise<ThemeDto> {
    return this.themes.follow(slug, caller);
  }

  @Delete(':slug/follow')
  @ApiOperation({ summary: 'Unfollow: my open chat connections leave its channels at once' })
  @ApiResponse({ status: 200, type: ThemeDto })
  unfollow(@CurrentMember() caller: AuthMember, @Param('slug') slug: string): Promise<ThemeDto> {
    return this.themes.unfollow(slug, caller);
  }

  @Post(':slug/members')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Add a member to a theme (coordinators and owners; the way into a private theme)',
  })
  async addMember(
    @CurrentMember() caller: AuthMember,
    @Param('slug') slug: string,
    @Body() body: AddThemeMemberDto,
  ): Promise<void> {
    await this.themes.addMember(slug, body.memberId, caller);
  }

  @Delete(':slug/members/:memberId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a member from a theme (coordinators and owners)' })
  async removeMember(
    @CurrentMember() caller: AuthMember,
    @Param('slug') slug: string,
    @Param('memberId', parseUuid('memberId')) memberId: string,
  ): Promise<void> {
    await this.themes.removeMember(slug, memberId, caller);
  }

  @Get(':slug/channels')
  @ApiOperation({ summary: "A theme's channels" })
  @ApiResponse({ status: 200, type: [ChannelDto] })
  async channels(
    @CurrentMember() caller: AuthMember,
    @Param('slug') slug: string,
  ): Promise<{ items: ChannelDto[] }> {
    return { items: await this.themes.channels(slug, caller) };
  }

  @Post(':slug/channels')
  @ApiOperation({ summary: 'Add a channel (coordinators and owners)' })
  @ApiResponse({ status: 201, type: ChannelDto })
  @ApiResponse({ status: 409, description: 'CHANNEL_SLUG_TAKEN' })
  createChannel(
    @CurrentMember() caller: AuthMember,
    @Param('slug') slug: string,
    @Body() body: CreateChannelDto,
  ): Promise<ChannelDto> {
    return this.themes.createChannel(slug, body, caller);
  }

  @Patch(':slug/channels/:channelId')
  @ApiOperation({ summary: 'Rename or archive a channel (coordinators and owners)' })
  @ApiResponse({ status: 200, type: ChannelDto })
  updateChannel(
    @CurrentMember() caller: AuthMember,
    @Param('slug') slug: string,
    @Param('channelId', parseUuid('channelId')) channelId: string,
    @Body() body: UpdateChannelDto,
  ): Promise<ChannelDto> {
    return this.themes.updateChannel(slug, channelId, body, caller);
  }
}
