import { Center, Loader } from '@mantine/core';
import { errorMessage } from '../api-client/client.ts';
import { common } from '../labels.ts';
import { FormAlert } from './FormAlert.tsx';

export function Loading() {
  return (
    <Center>
      <Loader aria-label={common.loading} />
    </Center>
  );
}

/** A query being read (a loader named « Chargement… »), or its failure (an alert). */
export function QueryState({ query }: { query: { isPending: boolean; isError: boolean; error: unknown } }) {
  return (
    <>
      {query.isPending && <Loading />}
      {query.isError && <FormAlert message={errorMessage(query.error)} />}
    </>
  );
}
