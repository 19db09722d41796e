import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test-only: the receiving end of a webhook, as a connector writes it (README « Vérifier une
 * notification »): a local HTTP server that checks each request's signature with the secret and
 * keeps what it got. `answers` sets the HTTP status of the next requests (200 when empty).
 */
export interface ReceivedEvent {
  path: string;
  id: string;
  attempt: number;
  signatureValid: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read any event
  body: any;
}

export interface TestReceiver {
  url(path?: string): string;
  /** Secrets by path (one webhook per path). */
  secrets: Map<string, string>;
  received: ReceivedEvent[];
  answers: number[];
  close(): Promise<void>;
}

/** Verifies `Chorale-Webhook-Signature: v1=<hex>` over `<timestamp>.<body>`, within 5 minutes. */
export function verifySignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  nowSeconds = Date.now() / 1000,
): boolean {
  const timestamp = String(headers['chorale-webhook-timestamp'] ?? '');
  const signature = String(headers['chorale-webhook-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startTestReceiver(clock: () => number = () => Date.now()): Promise<TestReceiver> {
  const received: ReceivedEvent[] = [];
  const secrets = new Map<string, string>();
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      received.push({
        path,
        id: String(req.headers['chorale-webhook-id'] ?? ''),
        attempt: Number(req.headers['chorale-webhook-attempt'] ?? 0),
        signatureValid: verifySignature(secrets.get(path) ?? '', req.headers, raw, clock() / 1000),
        body: JSON.parse(raw),
      });
      res.statusCode = answers.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    secrets,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
