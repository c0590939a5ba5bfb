import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { Loading } from '@/components/status';
import { ApiError, refreshSession } from '@/lib/http';
import { router } from './router';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // 4xx answers (not found, not allowed) do not get better by asking again.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
}

/** Providers, then the router; a reload or a new tab first swaps the refresh cookie for an access token. */
export function App() {
  const [client] = useState(makeQueryClient);
  const [booted, setBooted] = useState(false);
  useEffect(() => {
    void refreshSession().finally(() => setBooted(true));
  }, []);
  return (
    <QueryClientProvider client={client}>
      {booted ? <RouterProvider router={router} /> : <Loading />}
    </QueryClientProvider>
  );
}
