import { Button, Group, Input, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { intakeLimits } from '@chorale/domain';
import { ApiError, errorMessage } from '../../../api-client/client.ts';
import { depositApi, depositKeys, type DepositResult } from '../../../api-client/deposit.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { deposit as labels } from '../../../labels-deposit.ts';
import { invoicingPaths } from '../paths.ts';
import type { IssuingStructure } from '../prerequisites.tsx';
import { BatchReport } from './BatchReport.tsx';
import { DepositProgress } from './DepositProgress.tsx';
import { ValidationReport } from './ValidationReport.tsx';

const MB = 1024 * 1024;
const isBatch = (name: string) => /\.(zip|tar\.gz|tgz)$/i.test(name);

/** What is wrong with the chosen file before it goes up, in French, or null. */
export function fileProblem(file: File | null): string | null {
  if (!file) return labels.fileRequired;
  const name = file.name.toLowerCase();
  if (!/\.(pdf|xml|zip|tar\.gz|tgz)$/.test(name)) {
    const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')) : name;
    return labels.fileExtension(ext);
  }
  const max = isBatch(name) ? intakeLimits.batchMaxBytes : intakeLimits.fileMaxBytes;
  return file.size > max ? labels.fileTooBig(max / MB) : null;
}

/** The reading of a deposit, polled while the server works, as long as this page shows it. */
function useDepositReading(started: DepositResult | null) {
  return useQuery({
    queryKey: depositKeys.one(started?.depositId ?? 0),
    queryFn: () => depositApi.get(started?.depositId ?? 0),
    enabled: started !== null,
    initialData: started ?? undefined,
    refetchInterval: (query) => (query.state.data?.state === 'EN_COURS' ? 500 : false),
  });
}

/**
 * « Dépôt d'une nouvelle facture »: the file (and the structure, for a PDF that does not name it),
 * its reading with a progress bar, then the draft to complete, or the batch report.
 */
export function UploadForm({ structures }: { structures: IssuingStructure[] }) {
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const client = useQueryClient();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [structureId, setStructureId] = useState(structures.length === 1 ? String(structures[0]!.id) : '');
  const [error, setError] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [started, setStarted] = useState<DepositResult | null>(null);

  const start = useMutation({
    mutationFn: (chosen: File) =>
      depositApi.start({ file: chosen, supplierStructureId: structureId ? Number(structureId) : null }),
    onSuccess: (result) => setStarted(result),
    onError: (e) => {
      setAlert(labels.failed);
      setError(e instanceof ApiError ? (e.fields.file ?? e.message) : errorMessage(e));
      requestAnimationFrame(() => input.current?.focus());
    },
  });
  const reading = useDepositReading(started);
  const result = reading.data ?? null;
  const done = result && result.state !== 'EN_COURS' ? result : null;
  const single = done?.kind === 'FICHIER' ? done.items[0] : undefined;

  // A single file that became a draft opens it, with what the reading found.
  useEffect(() => {
    if (!single?.invoiceId) return;
    void client.invalidateQueries({ queryKey: ['invoices'] });
    navigate(invoicingPaths.depositDraft(single.invoiceId), { state: { deposited: single } });
  }, [single, client, navigate]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = fileProblem(file);
    setError(problem);
    if (problem || !file) {
      setAlert(problem);
      requestAnimationFrame(() => input.current?.focus());
      return;
    }
    setAlert(null);
    setStarted(null);
    start.mutate(file);
  };

  const busy = start.isPending || result?.state === 'EN_COURS';
  const errorId = `${fileId}-error`;
  const descriptionId = `${fileId}-description`;
  return (
    <Stack gap="lg">
      <Paper withBorder p="lg" component="section" aria-labelledby={`${fileId}-title`}>
        <form noValidate onSubmit={submit}>
          <Stack gap="sm" maw={640}>
            <Title order={2} size="h3" id={`${fileId}-title`}>
              {labels.newTitle}
            </Title>
            <Text size="sm" c="dimmed">
              {labels.required}
            </Text>
            <FormAlert message={alert} />
            <Input.Wrapper
              label={labels.file}
              required
              id={fileId}
              description={labels.fileHint}
              error={error}
              errorProps={{ id: errorId }}
              descriptionProps={{ id: descriptionId }}
            >
              <input
                ref={input}
                id={fileId}
                type="file"
                name="file"
                aria-required
                aria-invalid={error ? true : undefined}
                aria-describedby={`${descriptionId}${error ? ` ${errorId}` : ''}`}
                accept=".pdf,.xml,.zip,.tar.gz,.tgz,application/pdf,application/xml,text/xml,application/zip,application/gzip"
                onChange={(e) => {
                  const chosen = e.currentTarget.files?.[0] ?? null;
                  setFile(chosen);
                  setError(chosen ? fileProblem(chosen) : null);
                  setAlert(null);
                }}
                style={{ display: 'block', marginTop: 4 }}
              />
            </Input.Wrapper>
            <NativeSelect
              label={labels.structure}
              description={labels.structureHint}
              value={structureId}
              onChange={(e) => setStructureId(e.currentTarget.value)}
              data={[
                ...(structures.length === 1 ? [] : [{ value: '', label: labels.chooseStructure }]),
                ...structures.map((s) => ({ value: String(s.id), label: `${s.identifier} - ${s.companyName}` })),
              ]}
            />
            <Group>
              <Button type="submit" loading={busy}>
                {labels.submit}
              </Button>
            </Group>
            {busy && (
              <DepositProgress
                progress={start.isPending ? null : (result?.progress ?? 0)}
                stage={result?.stage ?? ''}
              />
            )}
          </Stack>
        </form>
      </Paper>
      {reading.isError && <FormAlert message={errorMessage(reading.error)} />}
      {done?.state === 'ECHEC' && <FormAlert message={done.error ?? labels.failed} />}
      {single && !single.invoiceId && (
        <Paper withBorder p="lg" component="section" aria-label={labels.report.title}>
          <Stack gap="sm">
            <FormAlert message={`${labels.refused(single.fileName)} ${single.message}`} />
            <Title order={2} size="h3">
              {labels.report.title}
            </Title>
            <ValidationReport lines={single.report} />
          </Stack>
        </Paper>
      )}
      {done?.kind === 'LOT' && done.state === 'TERMINE' && <BatchReport result={done} />}
    </Stack>
  );
}
