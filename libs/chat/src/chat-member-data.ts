import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '@app/common';
import { MemberDataRequested, MemberLeaving } from '@app/members';
import { ThemesService } from '@app/themes';
import { MessageDeleted } from './message.events';
import { MessagesRepository } from './messages.repository';

/**
 * The chat's part of a member's data export (their messages, with where they were, and their reactions) and
 * of their leaving: with `deleteMessages`, each of their messages becomes a tombstone as a delete would make
 * it (MessageDeleted, so open channels drop it); otherwise they stay, shown as a former member's.
 */
@Injectable()
export class ChatMemberData implements OnModuleInit {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly themes: ThemesService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on(MemberDataRequested, (request) => this.exportPart(request));
    this.events.on(MemberLeaving, async ({ memberId, deleteMessages }) => {
      if (deleteMessages) await this.tombstoneAll(memberId);
    });
  }

  private async exportPart(request: MemberDataRequested): Promise<void> {
    const [messages, reactions] = await Promise.all([
      this.messages.authoredBy(request.memberId),
      this.messages.reactionsBy(request.memberId),
    ]);
    const places = await this.themes.channelPlaces(messages.map((message) => message.channelId));
    request.add(
      'messages',
      messages.map((message) => ({ ...message, place: places.get(message.channelId) ?? null })),
    );
    request.add('reactions', reactions);
  }

  private async tombstoneAll(memberId: string): Promise<void> {
    for (const { id, parentId } of await this.messages.liveOf(memberId)) {
      await this.messages.tombstone(id, parentId);
      const [message, parent] = await Promise.all([
        this.messages.get(id),
        parentId ? this.messages.get(parentId) : null,
      ]);
      if (message) await this.events.publish(new MessageDeleted(message, parent));
    }
  }
}
