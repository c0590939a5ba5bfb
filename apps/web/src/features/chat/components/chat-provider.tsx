import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { FollowedTheme } from '@/lib/api-types';
import { queryKeys } from '@/lib/query-keys';
import { chatSocket, closeChat, openChat } from '@/lib/socket';
import { Outbox } from '../api/outbox';
import { presenceKey, type PresenceEvent, type UnreadEvent } from '../api/chat-events';
import { OutboxContext } from '../hooks/chat-context';

/**
 * The signed-in member's chat connection: opened while mounted, its member-wide events (unread counts,
 * mentions, presence) written into the query cache, and the outbox flushed on every (re)connection.
 */
export function ChatProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [outbox] = useState(() => new Outbox(client));

  useEffect(() => {
    const socket = chatSocket();
    const onUnread = (counts: UnreadEvent) => {
      client.setQueryData<FollowedTheme[]>(queryKeys.myThemes, (themes) =>
        themes?.map((followed) => ({
          ...followed,
          channels: followed.channels.map((channel) =>
            channel.id === counts.channelId ? { ...channel, unread: counts } : channel,
          ),
        })),
      );
      void client.invalidateQueries({ queryKey: queryKeys.myMentions });
    };
    const onMention = () => void client.invalidateQueries({ queryKey: queryKeys.myMentions });
    const onPresence = (event: PresenceEvent) =>
      client.setQueryData(presenceKey(event.themeId), event.memberIds);
    const onConnect = () => outbox.flush();
    socket.on('unread', onUnread);
    socket.on('mention', onMention);
    socket.on('presence', onPresence);
    socket.on('connect', onConnect);
    openChat();
    return () => {
      socket.off('unread', onUnread);
      socket.off('mention', onMention);
      socket.off('presence', onPresence);
      socket.off('connect', onConnect);
      closeChat();
    };
  }, [client, outbox]);

  return <OutboxContext.Provider value={outbox}>{children}</OutboxContext.Provider>;
}
