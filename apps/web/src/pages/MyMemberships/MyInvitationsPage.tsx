import { Button, Group, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api-client/client.ts';
import { invitationsApi, orgKeys } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { account } from '../../labels.ts';
import { members, myInvitations as labels } from '../../labels-organisation.ts';
import { QueryState } from '../../components/QueryState.tsx';

interface Answer {
  id: number;
  accept: boolean;
  name: string;
}

/** « Mes invitations »: the invitation mail's link; the invitee accepts or declines each one. */
export function MyInvitationsPage() {
  const client = useQueryClient();
  const list = useQuery({ queryKey: orgKeys.invitations, queryFn: invitationsApi.mine });
  const [notice, setNotice] = useState<{ message: string; ok: boolean } | null>(null);
  const answer = useMutation({
    mutationFn: (a: Answer) => invitationsApi.answer(a.id, a.accept),
    onSuccess: async (_, a) => {
      setNotice({ message: a.accept ? labels.accepted(a.name) : labels.declined(a.name), ok: true });
      // An accepted invitation is a new membership: « Mes rattachements » and permissions change too.
      await client.invalidateQueries({ queryKey: orgKeys.all });
    },
    onError: (error) => setNotice({ message: errorMessage(error), ok: false }),
  });
  const items = list.data?.items ?? [];
  return (
    <Page title={labels.title} trail={[{ label: account.title, to: '/mon-compte' }]}>
      <Text>{labels.intro}</Text>
      <FormAlert message={notice?.message ?? null} color={notice?.ok ? 'green' : 'red'} />
      <QueryState query={list} />
      {list.data && items.length === 0 && <Text>{labels.none}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table striped aria-label={labels.caption}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{labels.columns.identifier}</Table.Th>
                <Table.Th scope="col">{labels.columns.name}</Table.Th>
                <Table.Th scope="col">{labels.columns.service}</Table.Th>
                <Table.Th scope="col">{labels.columns.invitedBy}</Table.Th>
                <Table.Th scope="col">{labels.columns.invitedAt}</Table.Th>
                <Table.Th scope="col">{labels.columns.actions}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => {
                const name = i.structure.name || i.structure.identifier;
                const busy = answer.isPending && answer.variables.id === i.id;
                return (
                  <Table.Tr key={i.id}>
                    <Table.Td>{i.structure.identifier}</Table.Td>
                    <Table.Td>{i.structure.name}</Table.Td>
                    <Table.Td>{i.service ? `${i.service.code} – ${i.service.name}` : members.wholeStructure}</Table.Td>
                    <Table.Td>{i.invitedBy}</Table.Td>
                    <Table.Td>{formatDateTime(i.invitedAt)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          aria-label={labels.acceptLabel(name)}
                          loading={busy && answer.variables.accept}
                          disabled={answer.isPending}
                          onClick={() => answer.mutate({ id: i.id, accept: true, name })}
                        >
                          {labels.accept}
                        </Button>
                        <Button
                          size="xs"
                          variant="outline"
                          color="red"
                          aria-label={labels.declineLabel(name)}
                          loading={busy && !answer.variables.accept}
                          disabled={answer.isPending}
                          onClick={() => answer.mutate({ id: i.id, accept: false, name })}
                        >
                          {labels.decline}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Page>
  );
}
