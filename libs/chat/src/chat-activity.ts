import { Injectable } from '@nestjs/common';
import { MessagesRepository, type ChannelActivity, type UnreadMention } from './messages.repository';

/** What other domains (digests) read of the chat: activity in a window, and a member's unread mentions. */
@Injectable()
export class ChatActivity {
  constructor(private readonly messages: MessagesRepository) {}

  /** Members' messages in these channels in a window: how many (in all and per author), the busiest threads. */
  inChannels(
    channelIds: readonly string[],
    from: Date,
    to: Date,
    hotThreads: number,
  ): Promise<ChannelActivity> {
    return this.messages.activity(channelIds, from, to, hotThreads);
  }

  /**
   * For each member, the mentions of them after their read markers in these channels, newest first (with
   * the total): several members at once.
   */
  unreadMentions(
    requests: readonly { memberId: string; channelIds: readonly string[] }[],
    limit: number,
  ): Promise<Map<string, UnreadMention[]>> {
    return this.messages.unreadMentions(requests, limit);
  }
}
