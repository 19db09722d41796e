// Test support for the API client tests (imported only by *.test.ts): a fake fetch that records
// each call, a fake cookie jar, and both restored after every test.
import { afterEach } from 'node:test';

export interface Call {
  url: string;
  init: RequestInit;
}

const realFetch = globalThis.fetch;
const g = globalThis as unknown as { document?: { cookie: string } };

export function setCookies(cookie: string): void {
  g.document = { cookie };
}

export function stubFetch(response: () => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  }) as typeof fetch;
  return calls;
}

afterEach(() => {
  globalThis.fetch = realFetch;
  delete g.document;
});
