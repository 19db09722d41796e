import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { exporting as labels } from '../../labels-search.ts';

/** The progress shows only when an export takes longer than this. */
const SHOW_AFTER_MS = 2000;

interface Running {
  format: 'csv' | 'xlsx';
  total: number;
  rows: number;
  bytes: number;
  visible: boolean;
}

function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  return m?.[1] ? decodeURIComponent(m[1]) : fallback;
}

/**
 * « Exporter les résultats » as CSV or Excel: every result of the search, read as the server
 * streams it; beyond two seconds a progress bar says how far it is (lines for the CSV, received
 * kilobytes for the workbook), then the file is saved like any download.
 */
export function ExportButtons({ url }: { url: (format: 'csv' | 'xlsx') => string }) {
  const [running, setRunning] = useState<Running | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const run = async (format: 'csv' | 'xlsx') => {
    setMessage(null);
    const controller = new AbortController();
    abort.current = controller;
    const started = Date.now();
    try {
      const res = await fetch(url(format), { credentials: 'same-origin', signal: controller.signal });
      if (!res.ok || !res.body) throw new Error(String(res.status));
      const total = Number(res.headers.get('x-total-count') ?? 0);
      const state: Running = { format, total, rows: 0, bytes: 0, visible: false };
      setRunning({ ...state });
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let lastPaint = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        state.bytes += value.byteLength;
        if (format === 'csv') for (const b of value) if (b === 10) state.rows++;
        const now = Date.now();
        if (now - started > SHOW_AFTER_MS && now - lastPaint > 200) {
          state.visible = true;
          lastPaint = now;
          setRunning({ ...state });
        }
      }
      const name = fileNameOf(res, `factures.${format}`);
      const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? undefined });
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
      setMessage({ ok: true, text: labels.done(name) });
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setMessage({ ok: false, text: labels.failed });
    } finally {
      setRunning(null);
      abort.current = null;
    }
  };

  // The CSV has one header line: rows counted minus one are invoices.
  const done = running ? Math.max(0, running.rows - 1) : 0;
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Button
          variant="default"
          size="xs"
          onClick={() => void run('csv')}
          loading={running?.format === 'csv'}
          disabled={!!running}
        >
          {labels.csv}
        </Button>
        <Button
          variant="default"
          size="xs"
          onClick={() => void run('xlsx')}
          loading={running?.format === 'xlsx'}
          disabled={!!running}
        >
          {labels.xlsx}
        </Button>
      </Group>
      {running?.visible && (
        <Stack gap={4} role="status">
          <Text size="sm">{labels.running(running.format === 'csv' ? 'CSV' : 'Excel')}</Text>
          {running.format === 'csv' && running.total > 0 ? (
            <>
              <Progress
                value={Math.min(100, (done / running.total) * 100)}
                aria-label={labels.progressLabel}
                aria-valuetext={labels.rows(done, running.total)}
              />
              <Text size="xs">{labels.rows(done, running.total)}</Text>
            </>
          ) : (
            <>
              <Progress value={100} striped animated aria-label={labels.progressLabel} />
              <Text size="xs">{labels.bytes(Math.round(running.bytes / 1024), running.total)}</Text>
            </>
          )}
        </Stack>
      )}
      {message && (
        <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'} p="xs">
          {message.text}
        </Alert>
      )}
    </Stack>
  );
}
