import { useQuery } from '@tanstack/react-query';

/**
 * Reads a value that socket events keep in the query cache (set with `setQueryData`), re-rendering when
 * it changes. Nothing is fetched: the value is whatever the events last wrote, or `fallback`.
 */
export function useCacheValue<T>(queryKey: readonly unknown[], fallback: T): T {
  const query = useQuery({
    queryKey,
    queryFn: () => fallback,
    initialData: fallback,
    staleTime: Infinity,
    gcTime: 10 * 60_000,
  });
  return query.data ?? fallback;
}
