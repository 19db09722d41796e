import { Badge, Button, List, Stack, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatParisDate } from '@chorale/domain';
import {
  connectionKeys,
  connectionsApi,
  type CreatedTechnicalAccount,
  type TechnicalAccount,
  type TechnicalAttachment,
} from '../../api-client/connections.ts';
import { applyServerError } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { accountsSection as labels } from '../../labels-connections.ts';
import { accessLevelLabels } from '../../labels-organisation.ts';
import { applicationLabels } from '@chorale/domain';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import { AttachDialog } from './AttachDialog.tsx';
import { ExpiryField } from './ExpiryField.tsx';
import { RenewPasswordDialog } from './RenewPasswordDialog.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { AddForm, NoticeAlert, RowButton, SectionFrame, useConfirmedAction, type Notice } from './parts.tsx';
import type { SectionProps } from './section.tsx';
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
  | { action: 'detach'; account: TechnicalAccount; attachment: TechnicalAttachment };

/** « Comptes techniques »: create (the password shown once), renew, revoke, attach and detach. */
export function TechnicalAccountsSection({ structure }: SectionProps) {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: connectionKeys.accounts(structure.id),
    queryFn: () => connectionsApi.accounts(structure.id),
  });
  const [notice, setNotice] = useState<Notice>(null);
  const [password, setPassword] = useState<CreatedTechnicalAccount | null>(null);
  const [renewing, setRenewing] = useState<TechnicalAccount | null>(null);
  const [attaching, setAttaching] = useState<TechnicalAccount | null>(null);
  const [keys, setKeys] = useState<TechnicalAccount | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { expiresOn: '' } });
  const refresh = () => client.invalidateQueries({ queryKey: connectionKeys.structure(structure.id) });
  const create = useMutation({
    mutationFn: (expiresOn: string) => connectionsApi.createAccount(structure.id, expiresOn || null),
    onSuccess: async (created) => {
      setPassword(created);
      form.reset();
      await refresh();
    },
    onError: (error) => setNotice({ text: applyServerError(form, error), ok: false }),
  });
  const act = useConfirmedAction<Pending>({
    run: (p) =>
      p.action === 'revoke'
        ? connectionsApi.revokeAccount(p.account.id).then(() => labels.revoked)
        : connectionsApi.detach(p.account.id, p.attachment.membershipId).then(() => labels.detached),
    setNotice,
    refresh,
  });
  const now = Date.now();

  return (
    <SectionFrame id="comptes-techniques" title={labels.title} intro={labels.intro}>
      <AddForm
        form={form}
        title={labels.formTitle}
        submit={labels.submit}
        pending={create.isPending}
        notice={notice}
        setNotice={setNotice}
        onValid={(values) => create.mutate(values.expiresOn)}
      >
        <ExpiryField form={form} />
      </AddForm>
      <NoticeAlert notice={notice} />
      <QueryState query={list} />
      {list.data?.items.length === 0 && <Text>{labels.empty}</Text>}
      {!!list.data?.items.length && (
        <ListTable
          withTableBorder
          layout="fixed"
          caption={labels.caption}
          columns={[
            [labels.columns.login, '22%'],
            [labels.columns.expiresAt, '12%'],
            labels.columns.attachments,
            [labels.columns.state, '12%'],
            [labels.columns.actions, '20%'],
          ]}
        >
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
                            onClick={() => act.ask({ action: 'detach', account: a, attachment: t })}
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
                    <RowButton name={labels.attachLabel(a.login)} onClick={() => setAttaching(a)}>
                      {labels.attach}
                    </RowButton>
                    <RowButton name={labels.renewLabel(a.login)} onClick={() => setRenewing(a)}>
                      {labels.renew}
                    </RowButton>
                    <RowButton name={sshKeys.openLabel(a.login)} onClick={() => setKeys(a)}>
                      {sshKeys.open}
                    </RowButton>
                    <RowButton
                      name={labels.revokeLabel(a.login)}
                      danger
                      onClick={() => act.ask({ action: 'revoke', account: a })}
                    >
                      {labels.revoke}
                    </RowButton>
                  </Stack>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <ConfirmDialog
        {...act.dialog((p) =>
          p.action === 'detach'
            ? {
                title: labels.detachTitle,
                text: labels.detachText(attachmentText(p.attachment)),
                confirm: labels.detach,
              }
            : { title: labels.revokeTitle, text: labels.revokeText(p.account.login), confirm: labels.revoke },
        )}
      />
      <AttachDialog
        structure={structure}
        account={attaching}
        onClose={() => setAttaching(null)}
        onAttached={() => {
          setAttaching(null);
          setNotice({ text: labels.attached, ok: true });
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
    </SectionFrame>
  );
}
