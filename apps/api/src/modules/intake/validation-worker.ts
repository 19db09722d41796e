import { parentPort } from 'node:worker_threads';
import { validateInvoice } from '@chorale/einvoice';

/** One validation at a time, asked by validation-pool.ts; the XML tree (with cycles) stays here. */
parentPort!.on('message', (job: { id: number; bytes: Uint8Array }) => {
  void validateInvoice(job.bytes).then((report) =>
    parentPort!.postMessage({ id: job.id, report: { ...report, root: null, xmlBytes: null } }),
  );
});
parentPort!.postMessage({ ready: true });
