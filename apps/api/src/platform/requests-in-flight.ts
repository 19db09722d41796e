import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The requests the server is still working on, for a graceful shutdown (issue 13). Closing the HTTP
 * server waits for the connections that are still open; a request whose client has left (a closed
 * tab, a proxy's timeout, a load generator stopping) has none, yet its handler may still be writing
 * an invoice. The database must not close under it: `settled()` resolves once every request taken
 * with its body read has been answered (its reply sent, even to no one).
 */
export function trackRequestsInFlight(app: FastifyInstance): { settled(): Promise<void> } {
  // Each counted once, from its body read to its answer: one refused earlier (access, CSRF) was not.
  const unanswered = new WeakSet<FastifyRequest>();
  let count = 0;
  const waiting: (() => void)[] = [];
  const leave = (request: FastifyRequest) => {
    if (!unanswered.delete(request)) return;
    count--;
    if (count === 0) for (const resolve of waiting.splice(0)) resolve();
  };
  // Counted once its body is read: a request whose client left before that never reaches its
  // handler (its body never ends) and has nothing to finish.
  app.addHook('preValidation', (request, _reply, done) => {
    if (!unanswered.has(request)) {
      unanswered.add(request);
      count++;
    }
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
