import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { chatSocket, emitAck } from '@/lib/socket';

/**
 * Moves my read marker (`channel:read`) to the newest message I have seen: the last one whose top is in
 * view, while the page is visible. Sent at most a few times a second, never backwards.
 */
export function useReadMarker(channelId: string, container: RefObject<HTMLElement | null>) {
  const sent = useRef(0);
  const timer = useRef<number | null>(null);

  const flush = useCallback(() => {
    timer.current = null;
    const box = container.current;
    if (!box || document.visibilityState !== 'visible' || !chatSocket().connected) return;
    const bottom = box.getBoundingClientRect().bottom;
    let seen = 0;
    for (const element of box.querySelectorAll<HTMLElement>('[data-seq]')) {
      if (element.getBoundingClientRect().top < bottom) seen = Math.max(seen, Number(element.dataset.seq));
    }
    if (seen > sent.current) {
      sent.current = seen;
      void emitAck('channel:read', { channelId, seq: seen }).catch(() => (sent.current = 0));
    }
  }, [channelId, container]);

  const schedule = useCallback(() => {
    if (timer.current === null) timer.current = window.setTimeout(flush, 300);
  }, [flush]);

  useEffect(() => {
    sent.current = 0;
    document.addEventListener('visibilitychange', schedule);
    return () => {
      document.removeEventListener('visibilitychange', schedule);
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
    };
  }, [channelId, schedule]);

  return schedule;
}
