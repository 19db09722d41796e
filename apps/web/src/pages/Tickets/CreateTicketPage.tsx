import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys, structuresApi } from '../../api-client/organisation.ts';
import { ticketKeys, ticketsApi, type Ticket } from '../../api-client/tickets.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError, useFormAlert } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { form as labels, ticket as ticketLabels } from '../../labels-support.ts';
import { useSignedInUser } from '../../session.ts';
import { Section } from '../Invoicing/Section.tsx';
import { FilesPicker } from './FilesPicker.tsx';
import { ticketPaths, portalTrail } from './paths.ts';
import {
  emptyTicket,
  prefillFromQuery,
  toTicketForm,
  validateTicket,
  valuesFromTicket,
  type TicketValues,
} from './ticket-form.ts';
import {
  EmitterBlock,
  GeneralBlock,
  ProblemBlock,
  RecipientBlock,
  type EmitterStructure,
} from './TicketFormBlocks.tsx';

/** Where a saved ticket goes, with what to say there. */
export interface SavedState {
  notice?: string;
  problems?: string[];
}

function TicketEditor({
  draft,
  initial,
  structures,
}: {
  draft: Ticket | null;
  initial: TicketValues;
  structures: EmitterStructure[];
}) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const user = useSignedInUser();
  const arrived = location.state as SavedState | null;
  const [notice, setNotice] = useState<string | null>(arrived?.notice ?? null);
  const [files, setFiles] = useState<File[]>([]);
  const form = useForm<TicketValues>({ mode: 'controlled', initialValues: initial });
  const [alert, setAlert] = useFormAlert(form);

  const save = useMutation({
    mutationFn: async ({ values, submit }: { values: TicketValues; submit: boolean }) => {
      const body = toTicketForm(values, submit);
      let saved = draft ? await ticketsApi.update(draft.id, body) : await ticketsApi.create(body);
      // The ticket exists now: a refused file does not undo it, it is said on the next page.
      const problems: string[] = [];
      for (const file of files) {
        try {
          saved = await ticketsApi.addAttachment(saved.id, file);
        } catch (e) {
          problems.push(labels.uploadFailed(file.name, errorMessage(e)));
        }
      }
      return { saved, problems };
    },
    onSuccess: ({ saved, problems }) => {
      client.setQueryData(ticketKeys.one(saved.id), saved);
      void client.invalidateQueries({ queryKey: ticketKeys.all });
      setFiles([]);
      form.resetDirty();
      if (saved.status === 'BROUILLON') {
        const state: SavedState = { notice: ticketLabels.saved, problems };
        if (draft) {
          setNotice(ticketLabels.saved);
          setAlert(problems.length ? problems.join(' ') : null);
        } else navigate(ticketPaths.editDraft(saved.id), { replace: true, state });
      } else {
        const state: SavedState = { notice: ticketLabels.created(saved.number ?? ''), problems };
        navigate(ticketPaths.issuedTicket(saved.id), { replace: Boolean(draft), state });
      }
    },
    onError: (error) => setAlert(applyServerError(form, error)),
  });

  const send = (submit: boolean) => {
    setNotice(null);
    const values = form.getValues();
    const errors = validateTicket(values, submit);
    form.setErrors(errors);
    if (Object.keys(errors).length) {
      setAlert(common.formHasErrors);
      focusFirstError(form, errors);
      return;
    }
    setAlert(null);
    save.mutate({ values, submit });
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        send(true);
      }}
    >
      <Stack gap="lg">
        <Text size="sm" c="dimmed">
          {labels.required}
        </Text>
        <FormAlert message={notice} color="green" />
        {arrived?.problems && arrived.problems.length > 0 && <FormAlert message={arrived.problems.join(' ')} />}
        <FormAlert message={alert} />
        <Section title={labels.general.title}>
          <GeneralBlock form={form} />
        </Section>
        {form.getValues().subcategory.startsWith('M - ') && (
          <Section title={labels.recipient.title}>
            <RecipientBlock form={form} />
          </Section>
        )}
        <Section title={labels.emitter.title}>
          <EmitterBlock form={form} structures={structures} contactEmail={user?.contactEmail ?? ''} />
        </Section>
        <Section title={labels.problem.title}>
          <ProblemBlock form={form} />
        </Section>
        <Section title={labels.files.title}>
          {draft && draft.attachments.length > 0 && (
            <Text size="sm">{draft.attachments.map((a) => a.fileName).join(', ')}</Text>
          )}
          <FilesPicker files={files} onChange={setFiles} />
        </Section>
        <Group>
          <Button
            variant="default"
            onClick={() => send(false)}
            loading={save.isPending && save.variables?.submit === false}
          >
            {labels.save}
          </Button>
          <Button type="submit" loading={save.isPending && save.variables?.submit === true}>
            {labels.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Loading() {
  return (
    <Center>
      <Loader aria-label={common.loading} />
    </Center>
  );
}

/** The structures the user belongs to (« Identifiant de l'organisation »). */
function useEmitterStructures() {
  const mine = useQuery({ queryKey: orgKeys.mine, queryFn: membershipsApi.mine });
  const byId = new Map<number, EmitterStructure>();
  for (const m of mine.data?.items ?? [])
    if (m.status === 'VALIDEE' && m.structure.active && !byId.has(m.structure.id))
      byId.set(m.structure.id, m.structure);
  return { structures: [...byId.values()], isPending: mine.isPending, error: mine.error };
}

function Editor({ ticketId }: { ticketId: number | null }) {
  const [params] = useSearchParams();
  const user = useSignedInUser();
  const emitters = useEmitterStructures();
  const draft = useQuery({
    queryKey: ticketKeys.one(ticketId ?? 0),
    queryFn: () => ticketsApi.get(ticketId ?? 0),
    enabled: ticketId !== null,
  });
  const structureId = draft.data?.emitter.structureId ?? 0;
  const services = useQuery({
    queryKey: orgKeys.services(structureId),
    queryFn: () => structuresApi.services(structureId),
    enabled: structureId > 0 && Boolean(draft.data?.emitter.service),
    retry: false,
  });
  if (emitters.isPending || (ticketId !== null && draft.isPending)) return <Loading />;
  if (emitters.error) return <FormAlert message={errorMessage(emitters.error)} />;
  if (draft.isError) return <FormAlert message={errorMessage(draft.error)} />;
  if (emitters.structures.length === 0) return <FormAlert color="orange" message={labels.emitter.noStructure} />;
  const t = draft.data ?? null;
  if (t && t.status !== 'BROUILLON')
    return (
      <Alert color="orange" variant="light" role="status">
        {labels.notDraft}{' '}
        <Anchor component={Link} to={ticketPaths.issuedTicket(t.id)}>
          {labels.openTicket}
        </Anchor>
      </Alert>
    );
  if (t?.emitter.service && services.isPending && services.fetchStatus !== 'idle') return <Loading />;
  const only = emitters.structures.length === 1 ? emitters.structures[0]!.id : null;
  const initial = t
    ? valuesFromTicket(t, services.data?.items.find((s) => s.code === t.emitter.service?.code)?.id ?? null)
    : prefillFromQuery(emptyTicket(only, user?.phone ?? ''), params);
  return <TicketEditor draft={t} initial={initial} structures={emitters.structures} />;
}

/** « Créer un ticket » (new) and `:id/modifier` (a draft): saved with « Enregistrer », sent with « Soumettre ». */
export function CreateTicketPage() {
  const { id } = useParams();
  const ticketId = id && /^\d+$/.test(id) ? Number(id) : null;
  return (
    <Page title={ticketId ? labels.editTitle : labels.title} trail={portalTrail}>
      <Editor key={ticketId ?? 'new'} ticketId={ticketId} />
    </Page>
  );
}
