import { Injectable } from '@nestjs/common';
import { MessagesRepository, type ChannelActivity, type UnreadMention } from './messages.repository';

/** What other domains (digests) read of the chat: activity in a window, and a member's unread mentions. */
@Injectable()
export class ChatActivity {
  constructor(private readonly messages: MessagesRepository) {}

  /** Members' messages in these channels in a window: how many, and the busiest threads. */
  inChannels(
    channelIds: readonly string[],
    from: Date,
    to: Date,
    hotThreads: number,
  ): Promise<ChannelActivity> {
    return this.messages.activity(channelIds, from, to, hotThreads);
  }

  /** How many messages the member wrote in each of these channels in a window. */
  writtenBy(
    memberId: string,
    channelIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<Map<string, number>> {
    return this.messages.countsByAuthor(memberId, channelIds, from, to);
  }

  /** Mentions of the member after their read markers in these channels, newest first (with the total). */
  unreadMentions(memberId: string, channelIds: readonly string[], limit: number): Promise<UnreadMention[]> {
    return this.messages.unreadMentions(memberId, channelIds, limit);
  }
}
