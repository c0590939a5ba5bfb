import { useQuery } from '@tanstack/react-query';
import type { LocatedMessage, MentionHit, Message, Page } from '@/lib/api-types';
import { api } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

export interface HistoryPage {
  items: Message[];
  nextCursor: string | null;
}

export function fetchOlder(channelId: string, beforeSeq: number, limit = 50): Promise<HistoryPage> {
  return api<HistoryPage>(`/channels/${channelId}/messages?beforeSeq=${beforeSeq}&limit=${limit}`);
}

export function fetchNewer(channelId: string, afterSeq: number, limit = 200): Promise<HistoryPage> {
  return api<HistoryPage>(`/channels/${channelId}/messages?afterSeq=${afterSeq}&limit=${limit}`);
}

export function locateMessage(messageId: string): Promise<LocatedMessage> {
  return api<LocatedMessage>(`/messages/${messageId}`);
}

/** A permalink's message and where it lives; a 404 means "not there, or not for you". */
export function useLocatedMessage(messageId: string) {
  return useQuery({
    queryKey: queryKeys.message(messageId),
    queryFn: () => locateMessage(messageId),
    retry: false,
  });
}

export function useThread(parentId: string) {
  return useQuery({
    queryKey: queryKeys.thread(parentId),
    queryFn: () => api<{ parent: Message; items: Message[] }>(`/messages/${parentId}/thread?limit=200`),
  });
}

export function useMyMentions(limit = 5) {
  return useQuery({
    queryKey: [...queryKeys.myMentions, limit],
    queryFn: () => api<Page<MentionHit>>(`/me/mentions?limit=${limit}`).then((page) => page.items),
  });
}
