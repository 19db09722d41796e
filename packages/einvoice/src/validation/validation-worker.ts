import { parentPort } from 'node:worker_threads';
import type { InputLimits } from '../xml/limits.ts';
import { validateInvoice } from './validate.ts';

/** One validation at a time, asked by validation-pool.ts. */
parentPort!.on('message', (job: { id: number; bytes: Uint8Array; limits: InputLimits }) => {
  void validateInvoice(job.bytes, job.limits).then((report) =>
    // The XML tree has parent links (cycles) and the caller has the bytes: neither is sent back.
    parentPort!.postMessage({ id: job.id, report: { ...report, root: null, xmlBytes: null } }),
  );
});
parentPort!.postMessage({ ready: true });
