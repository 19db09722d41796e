import { Button, Stack, Table, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api-client/client.ts';
import { meApi } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { common, factors as labels } from '../../labels.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { ListTable } from '../../components/ListTable.tsx';

export const factorsKey = ['me', 'factors'] as const;

export function FactorList() {
  const client = useQueryClient();
  const list = useQuery({ queryKey: factorsKey, queryFn: meApi.factors });
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const remove = useMutation({
    mutationFn: meApi.deleteFactor,
    onSuccess: () => {
      setMessage({ text: labels.removed, ok: true });
      return client.invalidateQueries({ queryKey: ['me'] });
    },
    onError: (error) => setMessage({ text: errorMessage(error), ok: false }),
  });

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {labels.listTitle}
      </Title>
      <FormAlert message={message?.text ?? null} color={message?.ok ? 'green' : 'red'} />
      <QueryState query={list} />
      {list.data && (
        <ListTable
          minWidth={560}
          caption={labels.caption}
          withTableBorder
          columns={[
            labels.columns.kind,
            labels.columns.label,
            labels.columns.createdAt,
            labels.columns.lastUsedAt,
            labels.columns.actions,
          ]}
        >
          {list.data.factors.map((factor) => (
            <Table.Tr key={factor.id} data-factor-kind={factor.kind}>
              <Table.Td>{labels.kinds[factor.kind]}</Table.Td>
              <Table.Td>{factor.label}</Table.Td>
              <Table.Td>{formatDateTime(factor.createdAt)}</Table.Td>
              <Table.Td>{factor.lastUsedAt ? formatDateTime(factor.lastUsedAt) : common.never}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  aria-label={labels.removeLabel(factor.label || labels.kinds[factor.kind])}
                  loading={remove.isPending && remove.variables === factor.id}
                  onClick={() => {
                    setMessage(null);
                    remove.mutate(factor.id);
                  }}
                >
                  {labels.remove}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
    </Stack>
  );
}
