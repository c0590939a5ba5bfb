import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentMember, type AuthMember } from '@app/auth';
import { PageQueryDto } from '@app/common';
import {
  ChatService,
  HistoryQueryDto,
  LocatedMessageDto,
  MentionPageDto,
  MessagePageDto,
  SearchPageDto,
  SearchQueryDto,
  ThreadDto,
  UnreadDto,
} from '@app/chat';
import { ChannelDto, ThemeDto, ThemesService } from '@app/themes';
import { parseUuid } from '../common/parse-uuid.pipe';

class ChannelWithUnreadDto extends ChannelDto {
  @ApiProperty({ type: UnreadDto }) unread!: UnreadDto;
}

class FollowedThemeDto {
  @ApiProperty({ type: ThemeDto }) theme!: ThemeDto;
  @ApiProperty({ type: [ChannelWithUnreadDto] }) channels!: ChannelWithUnreadDto[];
}

@ApiTags('chat')
@ApiBearerAuth()
@Controller()
export class ChatController {
  constructor(
    private readonly chat: ChatService,
    private readonly themes: ThemesService,
  ) {}

  @Get('channels/:id/messages')
  @ApiOperation({
    summary: 'Channel history by seq: the newest page, `beforeSeq` (older) or `afterSeq` (newer)',
  })
  @ApiResponse({ status: 200, type: MessagePageDto })
  history(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('channel id')) channelId: string,
    @Query() query: HistoryQueryDto,
  ): Promise<MessagePageDto> {
    return this.chat.history(caller, channelId, query);
  }

  @Get('messages/:id')
  @ApiOperation({
    summary: "A message's permalink: the message and its theme and channel slugs (to open it there)",
  })
  @ApiResponse({ status: 200, type: LocatedMessageDto })
  @ApiResponse({ status: 404, description: 'MESSAGE_NOT_FOUND, also for messages I may not read' })
  async locate(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('message id')) messageId: string,
  ): Promise<LocatedMessageDto> {
    const { message, access } = await this.chat.locate(caller, messageId);
    return {
      message,
      themeSlug: access.theme.slug,
      themeTitle: access.theme.title,
      channelSlug: access.channel.slug,
      channelName: access.channel.name,
    };
  }

  @Get('me/mentions')
  @ApiOperation({ summary: 'Messages that mention me, newest first, with where they are and if unread' })
  @ApiResponse({ status: 200, type: MentionPageDto })
  mentions(@CurrentMember() caller: AuthMember, @Query() query: PageQueryDto): Promise<MentionPageDto> {
    return this.chat.mentionsOf(caller, query);
  }

  @Get('messages/:id/thread')
  @ApiOperation({ summary: 'A message and its replies in order (`afterSeq` pages on)' })
  @ApiResponse({ status: 200, type: ThreadDto })
  thread(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('message id')) messageId: string,
    @Query() query: HistoryQueryDto,
  ): Promise<ThreadDto> {
    return this.chat.thread(caller, messageId, query);
  }

  @Get('search/messages')
  @ApiOperation({
    summary: 'Find messages (Japanese or English substrings) in channels I can read, newest first',
  })
  @ApiResponse({ status: 200, type: SearchPageDto })
  search(@CurrentMember() caller: AuthMember, @Query() query: SearchQueryDto): Promise<SearchPageDto> {
    return this.chat.search(caller, query);
  }

  @Get('me/themes')
  @ApiOperation({ summary: 'Themes I follow or run, with unread and mention counts per channel' })
  @ApiResponse({ status: 200, type: [FollowedThemeDto] })
  async myThemes(@CurrentMember() caller: AuthMember): Promise<{ items: FollowedThemeDto[] }> {
    const followed = await this.themes.followed(caller);
    const counts = await this.chat.unreadCounts(
      caller.id,
      followed.flatMap((f) => f.channels.map((c) => c.id)),
    );
    const byChannel = new Map(counts.map((c) => [c.channelId, c]));
    return {
      items: followed.map(({ theme, channels }) => ({
        theme,
        channels: channels.map((channel) => ({
          ...channel,
          unread: byChannel.get(channel.id) ?? {
            channelId: channel.id,
            lastReadSeq: 0,
            unread: 0,
            mentions: 0,
          },
        })),
      })),
    };
  }
}
