import { Button, Group, Loader, Pagination, Radio, Stack, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { directoryApi } from '../../api-client/endpoints.ts';
import { errorMessage } from '../../api-client/client.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common, directory } from '../../labels.ts';
import { EntityCard } from './EntityCard.tsx';

/** The search lives in the address (?q=&etat=&page=) so a result page can be shared or reloaded. */
export function DirectoryPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const state = params.get('etat') === 'oui';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const searched = params.has('q');

  const [text, setText] = useState(q);
  const [isState, setIsState] = useState(state ? 'oui' : 'non');
  // Back and forward buttons change the address: the form follows.
  useEffect(() => {
    setText(q);
    setIsState(state ? 'oui' : 'non');
  }, [q, state]);

  const results = useQuery({
    queryKey: ['directory', q, state, page],
    queryFn: () => directoryApi.search(q, state, page),
    enabled: searched,
    placeholderData: keepPreviousData,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams({ q: text.trim(), etat: isState, page: '1' });
  };
  const goTo = (next: number) => setParams({ q, etat: state ? 'oui' : 'non', page: String(next) });

  const data = results.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <Page title={directory.title}>
      <Text>{directory.intro}</Text>
      <form onSubmit={submit} role="search">
        <Stack gap="sm" maw={640}>
          <TextInput
            label={directory.query}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            type="search"
          />
          <Radio.Group label={directory.isState} value={isState} onChange={setIsState}>
            <Group mt={4}>
              <Radio value="oui" label={common.yes} />
              <Radio value="non" label={common.no} />
            </Group>
          </Radio.Group>
          <Group>
            <Button type="submit" loading={results.isFetching}>
              {directory.search}
            </Button>
          </Group>
        </Stack>
      </form>
      {results.isError && <FormAlert message={errorMessage(results.error)} />}
      {searched && results.isPending && <Loader aria-label={common.loading} />}
      {data && (
        <Stack gap="md" aria-busy={results.isFetching}>
          <Text fw={600} role="status">
            {directory.results(data.total)}
          </Text>
          {data.items.map((entity) => (
            <EntityCard key={entity.id} entity={entity} />
          ))}
          {pages > 1 && (
            <Pagination
              total={pages}
              value={data.page}
              onChange={goTo}
              aria-label={directory.pagination}
              getControlProps={(control) => ({ 'aria-label': directory.pageControls[control] })}
              getItemProps={(n) => ({ 'aria-label': directory.pageNumber(n) })}
            />
          )}
        </Stack>
      )}
    </Page>
  );
}
