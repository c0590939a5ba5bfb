import { Module } from '@nestjs/common';
import { MembersModule } from '@app/members';
import { ThemesModule } from '@app/themes';
import { ChatActivity } from './chat-activity';
import { ChatMemberData } from './chat-member-data';
import { ChatService } from './chat.service';
import { MessagesRepository } from './messages.repository';
import { PresenceService } from './presence.service';

@Module({
  imports: [MembersModule, ThemesModule],
  providers: [MessagesRepository, ChatService, ChatActivity, PresenceService, ChatMemberData],
  exports: [ChatService, ChatActivity, PresenceService],
})
export class ChatModule {}
