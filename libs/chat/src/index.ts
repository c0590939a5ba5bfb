export { ChatModule } from './chat.module';
export { ChatService, CATCH_UP_LIMIT, type SendResult } from './chat.service';
export { PresenceService, PRESENCE_BROADCAST_WINDOW_MS, PRESENCE_HEARTBEAT_MS } from './presence.service';
export { resolveMentions } from './mentions';
export * from './chat.errors';
export * from './dto/message.dto';
