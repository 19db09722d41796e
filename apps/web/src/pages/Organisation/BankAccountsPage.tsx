import {
  Anchor,
  Button,
  Center,
  FileInput,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { bankAccountFormSchema } from '@chorale/contracts';
import { errorMessage } from '../../api-client/client.ts';
import { orgKeys, structuresApi, type BankAccountInput } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, onValidSubmit, useFormAlert } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { bankAccounts as labels, orgApps } from '../../labels-organisation.ts';
import { structuresTrail } from './ManageStructurePage.tsx';
import { may, StructureChoice, type ChosenStructure } from './StructureChoice.tsx';
import { ListTable } from '../../components/ListTable.tsx';

function BankAccountForm({ structureId, onDone }: { structureId: number; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const [proof, setProof] = useState<File | null>(null);
  const form = useForm<BankAccountInput>({
    mode: 'controlled',
    initialValues: { holderName: '', iban: '', bic: '' },
    validate: schemaResolver(bankAccountFormSchema, { sync: true }),
    // IBAN and BIC are checked when leaving the field: their message says exactly what is wrong.
    validateInputOnBlur: ['iban', 'bic'],
  });
  const [alert, setAlert] = useFormAlert(form);
  const create = useMutation({
    mutationFn: async (values: BankAccountInput) => {
      const account = await structuresApi.createBankAccount(structureId, values);
      if (!proof) return labels.created;
      // The account exists either way; a refused proof is said, and can be sent again.
      return structuresApi
        .attachBankProof(structureId, account.id, proof)
        .then(() => labels.created)
        .catch((error: unknown) => labels.proofRefused(errorMessage(error)));
    },
    onSuccess: async (message) => {
      await client.invalidateQueries({ queryKey: orgKeys.bankAccounts(structureId) });
      form.reset();
      setProof(null);
      onDone(message);
    },
    onError: (error) => setAlert(applyServerError(form, error)),
  });
  return (
    <form noValidate onSubmit={onValidSubmit(form, setAlert, (values) => create.mutate(values))}>
      <Stack gap="sm" maw={560}>
        <Title order={2} size="h3">
          {labels.createTitle}
        </Title>
        <Text size="sm" c="dimmed">
          {common.required}
        </Text>
        <FormAlert message={alert} />
        <TextInput label={labels.holderName} required autoComplete="off" {...form.getInputProps('holderName')} />
        <TextInput
          label={labels.iban}
          description={labels.ibanHint}
          required
          autoComplete="off"
          spellCheck={false}
          {...form.getInputProps('iban')}
        />
        <TextInput
          label={labels.bic}
          description={labels.bicHint}
          required
          autoComplete="off"
          spellCheck={false}
          {...form.getInputProps('bic')}
        />
        <FileInput
          label={labels.proof}
          description={labels.proofHint}
          accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff"
          clearable
          value={proof}
          onChange={setProof}
        />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {labels.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function BankAccountsPanel({ chosen }: { chosen: ChosenStructure }) {
  const list = useQuery({
    queryKey: orgKeys.bankAccounts(chosen.id),
    queryFn: () => structuresApi.bankAccounts(chosen.id),
  });
  const [notice, setNotice] = useState<string | null>(null);
  if (list.isPending)
    return (
      <Center>
        <Loader aria-label={common.loading} />
      </Center>
    );
  if (list.isError) return <FormAlert message={errorMessage(list.error)} />;
  const items = list.data.items;
  return (
    <Stack gap="lg">
      <FormAlert message={notice} color="green" />
      {may(chosen, 'ORGANISATION', 'modification') && (
        <Paper withBorder p="lg">
          <BankAccountForm structureId={chosen.id} onDone={setNotice} />
        </Paper>
      )}
      <Paper withBorder p="lg">
        <Title order={2} size="h3" mb="md">
          {labels.listTitle}
        </Title>
        {items.length === 0 ? (
          <Text>{labels.none}</Text>
        ) : (
          <ListTable
            minWidth={640}
            caption={labels.caption(chosen.companyName || chosen.identifier)}
            columns={[
              labels.columns.holder,
              labels.columns.iban,
              labels.columns.bic,
              labels.columns.state,
              labels.columns.createdAt,
              labels.columns.proof,
            ]}
          >
            {items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.holderName}</Table.Td>
                <Table.Td style={{ fontFamily: 'monospace' }}>{a.iban.replace(/(.{4})/g, '$1 ').trim()}</Table.Td>
                <Table.Td>{a.bic}</Table.Td>
                <Table.Td>{a.active ? labels.active : labels.inactive}</Table.Td>
                <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
                <Table.Td>
                  {a.proofFileName ? (
                    <Anchor href={structuresApi.bankProofUrl(chosen.id, a.id)} download={a.proofFileName}>
                      {a.proofFileName}
                    </Anchor>
                  ) : (
                    labels.noProof
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </Paper>
    </Stack>
  );
}

/** « Créer une coordonnée bancaire » and the structure's list. */
export function BankAccountsPage() {
  return (
    <Page title={orgApps.createBankAccount.title} trail={structuresTrail}>
      <StructureChoice>{(chosen) => <BankAccountsPanel key={chosen.id} chosen={chosen} />}</StructureChoice>
    </Page>
  );
}
