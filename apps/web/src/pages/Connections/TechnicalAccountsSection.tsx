import { Badge, Button, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatParisDate } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import {
  connectionKeys,
  connectionsApi,
  type CreatedTechnicalAccount,
  type TechnicalAccount,
  type TechnicalAttachment,
} from '../../api-client/connections.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { accountsSection as labels } from '../../labels-connections.ts';
import { accessLevelLabels } from '../../labels-organisation.ts';
import { applicationLabels } from '@chorale/domain';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import { AttachDialog } from './AttachDialog.tsx';
import { ExpiryField } from './ExpiryField.tsx';
import { RenewPasswordDialog } from './RenewPasswordDialog.tsx';
import { Loading, type SectionProps } from './section.tsx';
import { SecretDialog } from './SecretDialog.tsx';
import { SshKeysDialog } from './SshKeysDialog.tsx';
import { sshKeys } from '../../labels-ssh-keys.ts';

/** The password stops at the end of its last day (Paris): that day is the one chosen. */
const lastValidDay = (expiresAt: string) => formatParisDate(new Date(Date.parse(expiresAt) - 1));

const attachmentText = (a: TechnicalAttachment) =>
  `${a.structureName} – ${a.serviceCode ? `${a.serviceCode} ${a.serviceName ?? ''}`.trim() : labels.wholeStructure} : ${
    a.profiles
      .map((p) => `${applicationLabels[p.application]} ${accessLevelLabels[p.level].toLowerCase()}`)
      .join(', ') || labels.noProfile
  }`;

function AccountState({ account, now }: { account: TechnicalAccount; now: number }) {
  if (account.revokedAt)
    return (
      <Badge color="gray" variant="light" autoContrast>
        {labels.revokedOn(formatDateTime(account.revokedAt))}
      </Badge>
    );
  if (Date.parse(account.expiresAt) <= now)
    return (
      <Badge color="red" variant="light" autoContrast>
        {labels.expired}
      </Badge>
    );
  return (
    <Badge color="green" variant="light" autoContrast>
      {labels.active}
    </Badge>
  );
}

type Pending =
  | { action: 'revoke'; account: TechnicalAccount }
  | { action: 'detach'; account: TechnicalAccount; attachment: TechnicalAttachment }
  | null;

/** « Comptes techniques »: create (the password shown once), renew, revoke, attach and detach. */
export function TechnicalAccountsSection({ structure }: SectionProps) {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: connectionKeys.accounts(structure.id),
    queryFn: () => connectionsApi.accounts(structure.id),
  });
  const [alert, setAlert] = useState<{ text: string; ok: boolean } | null>(null);
  const [password, setPassword] = useState<CreatedTechnicalAccount | null>(null);
  const [renewing, setRenewing] = useState<TechnicalAccount | null>(null);
  const [attaching, setAttaching] = useState<TechnicalAccount | null>(null);
  const [keys, setKeys] = useState<TechnicalAccount | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const form = useForm({ mode: 'controlled', initialValues: { expiresOn: '' } });
  const refresh = () => client.invalidateQueries({ queryKey: connectionKeys.structure(structure.id) });
  const create = useMutation({
    mutationFn: (expiresOn: string) => connectionsApi.createAccount(structure.id, expiresOn || null),
    onSuccess: async (created) => {
      setPassword(created);
      form.reset();
      await refresh();
    },
    onError: (error) => setAlert({ text: applyServerError(form, error), ok: false }),
  });
  const act = useMutation({
    mutationFn: async (p: NonNullable<Pending>) => {
      if (p.action === 'revoke') await connectionsApi.revokeAccount(p.account.id);
      else await connectionsApi.detach(p.account.id, p.attachment.membershipId);
      return p.action;
    },
    onSuccess: async (action) => {
      setPending(null);
      setAlert({ text: action === 'revoke' ? labels.revoked : labels.detached, ok: true });
      await refresh();
    },
    onError: (error) => {
      setPending(null);
      setAlert({ text: errorMessage(error), ok: false });
    },
  });
  const now = Date.now();

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="comptes-techniques">
      <Stack gap="md">
        <Title order={2} size="h3" id="comptes-techniques">
          {labels.title}
        </Title>
        <Text size="sm">{labels.intro}</Text>
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setAlert(null);
            create.mutate(values.expiresOn);
          })}
        >
          <Stack maw={520} gap="sm">
            <Title order={3} size="h4">
              {labels.formTitle}
            </Title>
            <ExpiryField form={form} />
            <Group>
              <Button type="submit" loading={create.isPending}>
                {labels.submit}
              </Button>
            </Group>
          </Stack>
        </form>
        <FormAlert message={alert?.text ?? null} color={alert?.ok ? 'green' : 'red'} />
        {list.isPending && <Loading />}
        {list.isError && <FormAlert message={errorMessage(list.error)} />}
        {list.data?.items.length === 0 && <Text>{labels.empty}</Text>}
        {!!list.data?.items.length && (
          <ResponsiveTable minWidth={0}>
            <Table striped withTableBorder aria-label={labels.caption} layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w="22%">
                    {labels.columns.login}
                  </Table.Th>
                  <Table.Th scope="col" w="12%">
                    {labels.columns.expiresAt}
                  </Table.Th>
                  <Table.Th scope="col">{labels.columns.attachments}</Table.Th>
                  <Table.Th scope="col" w="12%">
                    {labels.columns.state}
                  </Table.Th>
                  <Table.Th scope="col" w="20%">
                    {labels.columns.actions}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                      {a.login}
                    </Table.Td>
                    <Table.Td>{lastValidDay(a.expiresAt)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {a.attachments.length === 0 ? (
                        <Text size="sm">{labels.noAttachment}</Text>
                      ) : (
                        <List size="sm" spacing={4} listStyleType="none" withPadding={false}>
                          {a.attachments.map((t) => (
                            <List.Item key={t.membershipId}>
                              {attachmentText(t)}{' '}
                              {!a.revokedAt && (
                                <Button
                                  size="compact-xs"
                                  variant="light"
                                  color="red"
                                  aria-label={labels.detachLabel(attachmentText(t))}
                                  onClick={() => setPending({ action: 'detach', account: a, attachment: t })}
                                >
                                  {labels.detach}
                                </Button>
                              )}
                            </List.Item>
                          ))}
                        </List>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <AccountState account={a} now={now} />
                    </Table.Td>
                    <Table.Td>
                      {!a.revokedAt && (
                        <Stack gap={6} align="flex-start">
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={labels.attachLabel(a.login)}
                            onClick={() => setAttaching(a)}
                          >
                            {labels.attach}
                          </Button>
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={labels.renewLabel(a.login)}
                            onClick={() => setRenewing(a)}
                          >
                            {labels.renew}
                          </Button>
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={sshKeys.openLabel(a.login)}
                            onClick={() => setKeys(a)}
                          >
                            {sshKeys.open}
                          </Button>
                          <Button
                            size="xs"
                            variant="light"
                            color="red"
                            aria-label={labels.revokeLabel(a.login)}
                            onClick={() => setPending({ action: 'revoke', account: a })}
                          >
                            {labels.revoke}
                          </Button>
                        </Stack>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ResponsiveTable>
        )}
      </Stack>
      <ConfirmDialog
        opened={pending !== null}
        title={pending?.action === 'detach' ? labels.detachTitle : labels.revokeTitle}
        text={
          pending?.action === 'detach'
            ? labels.detachText(attachmentText(pending.attachment))
            : pending
              ? labels.revokeText(pending.account.login)
              : ''
        }
        confirm={pending?.action === 'detach' ? labels.detach : labels.revoke}
        danger
        pending={act.isPending}
        onConfirm={() => pending && act.mutate(pending)}
        onClose={() => setPending(null)}
      />
      <AttachDialog
        structure={structure}
        account={attaching}
        onClose={() => setAttaching(null)}
        onAttached={() => {
          setAttaching(null);
          setAlert({ text: labels.attached, ok: true });
          void refresh();
        }}
      />
      <SshKeysDialog account={keys} onClose={() => setKeys(null)} />
      <RenewPasswordDialog
        account={renewing}
        onClose={() => setRenewing(null)}
        onRenewed={(renewed) => {
          setRenewing(null);
          setPassword(renewed);
          void refresh();
        }}
      />
      <SecretDialog
        shown={
          password && {
            title: labels.passwordTitle,
            identifierLabel: labels.loginLabel,
            identifier: password.account.login,
            secretLabel: labels.passwordLabel(password.account.login),
            secret: password.password,
          }
        }
        onClose={() => setPassword(null)}
      />
    </Paper>
  );
}
