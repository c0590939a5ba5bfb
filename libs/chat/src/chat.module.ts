import { Module } from '@nestjs/common';
import { ThemesModule } from '@app/themes';
import { ChatService } from './chat.service';
import { PresenceService } from './presence.service';

@Module({
  imports: [ThemesModule],
  providers: [ChatService, PresenceService],
  exports: [ChatService, PresenceService],
})
export class ChatModule {}
