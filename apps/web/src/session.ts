import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionState } from '@chorale/contracts';
import { sessionApi } from './api-client/endpoints.ts';

export const sessionKey = ['session'] as const;

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: sessionApi.get, staleTime: 30_000 });
}

/** The signed-in user, or null while loading, anonymous or half-way through the second factor. */
export function useSignedInUser() {
  const { data } = useSession();
  return data?.stage === 'signed-in' ? data.user : null;
}

export function useSetSession() {
  const client = useQueryClient();
  return (state: SessionState) => client.setQueryData(sessionKey, state);
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: sessionApi.signOut,
    onSettled: async () => {
      // Nothing from the previous user may survive in the cache.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      await client.invalidateQueries({ queryKey: sessionKey });
    },
  });
}
