import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api-client/client.ts';
import { AppRoutes } from './AppRoutes.tsx';
import { AudienceProvider } from './components/audience.tsx';
import { sessionKey } from './session.ts';
import { cssVariablesResolver, theme } from './theme.ts';

// A session that expired while a page was open: refresh it, and protected pages send to « Connexion ».
const onError = (error: unknown) => {
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED')
    void queryClient.invalidateQueries({ queryKey: sessionKey });
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // A 4xx will not get better by retrying; network hiccups may.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <AudienceProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </AudienceProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
