import type { FastifyInstance } from 'fastify';
import type { AppContext, Db } from './context.ts';

/**
 * Reads that stay true for the length of one request (the caller's memberships, the structures
 * and people an invoice names), done once per request and shared by every use case it runs
 * (issue 13: the same structure row was read 11 times by one typed invoice). Outside a request
 * (jobs, scripts) there is none and nothing is kept. Only rows that the request itself does not
 * change belong here.
 *
 * The scope travels with the request's context (`request.ctx`, `AppContext.scope`), passed by
 * hand: an AsyncLocalStorage found it alone, but on Node 20 it hooks every promise the process
 * makes (~4 % of a server's CPU and ~10 % of what it allocates under load, issue 13).
 */
export class RequestScope {
  private readonly values = new Map<string, Promise<unknown>>();

  /** The value under `key`, loaded on first use; a failed load is not kept. */
  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = load();
      this.values.set(key, value);
      value.catch(() => this.values.delete(key));
    }
    return value;
  }

  /** Gives the request a row it has just read another way (so that a later use finds it). */
  keep<T>(key: string, value: T): void {
    this.values.set(key, Promise.resolve(value));
  }

  /** What this request already holds under `key` (undefined when nothing). */
  held<T>(key: string): Promise<T> | undefined {
    return this.values.get(key) as Promise<T> | undefined;
  }
}

/** What a read goes through: the database (or a transaction) and, serving a request, its scope. */
export interface Reading {
  db: Db;
  scope?: RequestScope | undefined;
}

/** The value under `key` for `r`'s request, loaded on first use; loaded each time outside a request. */
export function oncePerRequest<T>(r: Reading, key: string, load: () => Promise<T>): Promise<T> {
  return r.scope ? r.scope.once(key, load) : load();
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The application's context for this request: the same, with the request's scope. */
    ctx: AppContext;
  }
}

/** Each request gets its context (`request.ctx`) with a scope of its own, before any other hook. */
export function registerRequestScope(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('ctx', null as unknown as AppContext);
  app.addHook('onRequest', (request, _reply, done) => {
    request.ctx = { ...ctx, scope: new RequestScope() };
    done();
  });
}
