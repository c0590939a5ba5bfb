export { ChatModule } from './chat.module';
export { ChatService, CATCH_UP_LIMIT } from './chat.service';
export { ChatActivity } from './chat-activity';
export type { ChannelActivity, UnreadMention } from './messages.repository';
export {
  MessageCreated,
  MessageEdited,
  MessageDeleted,
  ReactionChanged,
  ChannelRead,
  type SendResult,
} from './message.events';
export { PresenceService, PRESENCE_BROADCAST_WINDOW_MS, PRESENCE_HEARTBEAT_MS } from './presence.service';
export { resolveMentions } from './mentions';
export { toNewMessageEvent, fromNewMessageEvent, type NewMessageEvent } from './new-message-event';
export * from './chat.errors';
export * from './dto/message.dto';
