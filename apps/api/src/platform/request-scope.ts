import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

/**
 * Reads that stay true for the length of one request (the caller's memberships, the structures
 * and people an invoice names), done once per request and shared by every use case it runs
 * (issue 13: the same structure row was read 11 times by one typed invoice). Outside a request
 * (jobs, scripts) nothing is kept. Only rows that the request itself does not change belong here.
 */
const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

export function registerRequestScope(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, _reply, done) => scope.run(new Map(), done));
}

/** The value under `key` for this request, loaded on first use; a failed load is not kept. */
export function oncePerRequest<T>(key: string, load: () => Promise<T>): Promise<T> {
  const store = scope.getStore();
  if (!store) return load();
  let value = store.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    store.set(key, value);
    value.catch(() => store.delete(key));
  }
  return value;
}

/** Gives the request a row it has just read another way (so that a later use finds it). */
export function keepForRequest<T>(key: string, value: T): void {
  scope.getStore()?.set(key, Promise.resolve(value));
}

/** What this request already holds under `key` (undefined when nothing). */
export function heldByRequest<T>(key: string): Promise<T> | undefined {
  return scope.getStore()?.get(key) as Promise<T> | undefined;
}
