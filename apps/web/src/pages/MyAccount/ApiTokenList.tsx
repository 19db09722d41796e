import { Button, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiToken } from '@chorale/contracts';
import { formatParisDate } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { meApi } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { apiTokens as labels, common } from '../../labels.ts';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import { QueryState } from '../../components/QueryState.tsx';

export const apiTokensKey = ['me', 'api-tokens'] as const;

/** The API keeps the instant the token stops (midnight after its last day); the user chose that day. */
const lastValidDay = (expiresAt: string) => formatParisDate(new Date(Date.parse(expiresAt) - 1));

export function ApiTokenList({ onRevoked }: { onRevoked: (id: number) => void }) {
  const client = useQueryClient();
  const list = useQuery({ queryKey: apiTokensKey, queryFn: meApi.apiTokens });
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const [toRevoke, setToRevoke] = useState<ApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: meApi.revokeApiToken,
    onSuccess: async (_, id) => {
      setToRevoke(null);
      onRevoked(id);
      setMessage({ text: labels.revoked, ok: true });
      await client.invalidateQueries({ queryKey: apiTokensKey });
      await client.invalidateQueries({ queryKey: ['me', 'security-events'] });
    },
    onError: (error) => {
      setToRevoke(null);
      setMessage({ text: errorMessage(error), ok: false });
    },
  });

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {labels.listTitle}
      </Title>
      <FormAlert message={message?.text ?? null} color={message?.ok ? 'green' : 'red'} />
      <QueryState query={list} />
      {list.data && list.data.items.length === 0 && <Text>{labels.empty}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder aria-label={labels.caption}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{labels.columns.name}</Table.Th>
                <Table.Th scope="col">{labels.columns.prefix}</Table.Th>
                <Table.Th scope="col">{labels.columns.createdAt}</Table.Th>
                <Table.Th scope="col">{labels.columns.lastUsedAt}</Table.Th>
                <Table.Th scope="col">{labels.columns.expiresAt}</Table.Th>
                <Table.Th scope="col">{labels.columns.actions}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td>{token.name}</Table.Td>
                  <Table.Td ff="monospace">{`${token.prefix}…`}</Table.Td>
                  <Table.Td>{formatDateTime(token.createdAt)}</Table.Td>
                  <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : common.never}</Table.Td>
                  <Table.Td>{token.expiresAt ? lastValidDay(token.expiresAt) : labels.noExpiry}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      aria-label={labels.revokeLabel(token.name)}
                      onClick={() => {
                        setMessage(null);
                        setToRevoke(token);
                      }}
                    >
                      {labels.revoke}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmDialog
        opened={toRevoke !== null}
        title={labels.confirmTitle}
        text={toRevoke ? labels.confirmText(toRevoke.name) : ''}
        confirm={labels.confirm}
        danger
        pending={revoke.isPending}
        onConfirm={() => toRevoke && revoke.mutate(toRevoke.id)}
        onClose={() => setToRevoke(null)}
      />
    </Stack>
  );
}
