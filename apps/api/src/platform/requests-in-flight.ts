import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The requests the server is still working on, for a graceful shutdown (issue 13). Closing the HTTP
 * server waits for the connections that are still open; a request whose client has left (a closed
 * tab, a proxy's timeout, a load generator stopping) has none, yet its handler may still be writing
 * an invoice. The database must not close under it: `settled()` resolves once every request taken
 * with its body read has been answered (its reply sent, even to no one).
 */
export function trackRequestsInFlight(app: FastifyInstance): { settled(): Promise<void> } {
  let count = 0;
  const waiting: (() => void)[] = [];
  const answered = new WeakSet<FastifyRequest>();
  const leave = (request: FastifyRequest) => {
    if (answered.has(request)) return;
    answered.add(request);
    count--;
    if (count === 0) for (const resolve of waiting.splice(0)) resolve();
  };
  // Counted once its body is read: a request whose client left before that never reaches its
  // handler (its body never ends) and has nothing to finish.
  app.addHook('preValidation', (_request, _reply, done) => {
    count++;
    done();
  });
  // Every reply passes onSend, an error's too; onResponse covers a reply that would not.
  app.addHook('onSend', (request, _reply, payload, done) => {
    leave(request);
    done(null, payload);
  });
  app.addHook('onResponse', (request, _reply, done) => {
    leave(request);
    done();
  });
  return {
    settled: () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
  };
}
