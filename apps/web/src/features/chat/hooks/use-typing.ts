import { useEffect, useRef, useState } from 'react';
import { chatSocket, emitAck } from '@/lib/socket';
import type { TypingEvent } from '../api/chat-events';

const SHOWN_MS = 5_000;
const SEND_EVERY_MS = 3_000;

/** Who else is typing in the channel (each shown for a few seconds after their last `typing`). */
export function useTypingMembers(channelId: string): string[] {
  const [typing, setTyping] = useState<Map<string, { name: string; timer: number }>>(new Map());
  useEffect(() => {
    const socket = chatSocket();
    const onTyping = (event: TypingEvent) => {
      if (event.channelId !== channelId) return;
      setTyping((current) => {
        const next = new Map(current);
        const previous = next.get(event.member.id);
        if (previous) window.clearTimeout(previous.timer);
        const timer = window.setTimeout(() => {
          setTyping((latest) => {
            const trimmed = new Map(latest);
            trimmed.delete(event.member.id);
            return trimmed;
          });
        }, SHOWN_MS);
        next.set(event.member.id, { name: event.member.displayName, timer });
        return next;
      });
    };
    socket.on('typing', onTyping);
    return () => {
      socket.off('typing', onTyping);
      setTyping(new Map());
    };
  }, [channelId]);
  return [...typing.values()].map((entry) => entry.name);
}

/** Tells the channel I am typing, at most every few seconds. */
export function useTypingNotifier(channelId: string): () => void {
  const last = useRef(0);
  return () => {
    const now = Date.now();
    if (now - last.current < SEND_EVERY_MS || !chatSocket().connected) return;
    last.current = now;
    void emitAck('typing', { channelId }).catch(() => undefined);
  };
}
