import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { membershipRefusalSchema } from '@chorale/contracts';
import { ApiError, errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys, type PendingRequest } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { members, orgApps, pending as labels } from '../../labels-organisation.ts';
import { DetailsTable } from './DetailsTable.tsx';
import { usersTrail } from './usersTrail.ts';
import { QueryState } from '../../components/QueryState.tsx';

function RequestCard({ request: r, onDecided }: { request: PendingRequest; onDecided: (message: string) => void }) {
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const name = `${r.requester.firstName} ${r.requester.lastName}`;
  const decide = useMutation({
    mutationFn: (approve: boolean) =>
      approve ? membershipsApi.approve(r.id, comment.trim()) : membershipsApi.refuse(r.id, comment.trim()),
    onSuccess: async (_, approve) => {
      onDecided(approve ? labels.approved(name) : labels.refused(name));
      await client.invalidateQueries({ queryKey: orgKeys.all });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.comment) setError(e.fields.comment);
      setAlert(errorMessage(e));
    },
  });
  const refuse = () => {
    const parsed = membershipRefusalSchema.safeParse({ comment });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? common.formHasErrors);
      document.getElementById(`decision-${r.id}`)?.focus();
      return;
    }
    decide.mutate(false);
  };
  return (
    <Card withBorder padding="lg" component="article" maw={860}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {labels.requestTitle(`${name} (${r.requester.email})`)}
        </Title>
        <FormAlert message={alert} />
        <DetailsTable
          caption={labels.requestTitle(name)}
          rows={[
            [labels.structure, `${r.structure.identifier} – ${r.structure.companyName}`],
            [labels.service, r.serviceCode ?? members.wholeStructure],
            [labels.requestedAt, formatDateTime(r.requestedAt)],
            [labels.comment, r.comment],
          ]}
        />
        <Textarea
          id={`decision-${r.id}`}
          label={labels.decisionComment}
          description={labels.decisionCommentHint}
          autosize
          minRows={2}
          value={comment}
          error={error}
          onChange={(e) => {
            setComment(e.currentTarget.value);
            setError(null);
          }}
        />
        <Group>
          <Button
            aria-label={labels.approveLabel(name)}
            loading={decide.isPending && decide.variables === true}
            onClick={() => decide.mutate(true)}
          >
            {labels.approve}
          </Button>
          <Button
            color="red"
            variant="light"
            aria-label={labels.refuseLabel(name)}
            loading={decide.isPending && decide.variables === false}
            onClick={refuse}
          >
            {labels.refuse}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Requests waiting for the decision of the main manager (the request mail links here). */
export function PendingRequestsPage() {
  const list = useQuery({ queryKey: orgKeys.pending, queryFn: membershipsApi.pending });
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Page title={orgApps.pendingRequests.title} trail={usersTrail}>
      <Text>{labels.intro}</Text>
      <FormAlert message={notice} color="green" />
      <QueryState query={list} />
      {list.data && list.data.items.length === 0 && <Text>{labels.none}</Text>}
      {list.data?.items.map((r) => (
        <RequestCard key={r.id} request={r} onDecided={setNotice} />
      ))}
    </Page>
  );
}
