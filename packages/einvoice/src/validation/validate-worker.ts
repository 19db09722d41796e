import { parentPort, workerData } from 'node:worker_threads';
import { validateInvoice } from './validate.ts';

/** Runs one validation in a worker thread, so that the caller can stop it (validate-isolated.ts). */
const { bytes, limits } = workerData as { bytes: Uint8Array; limits: Parameters<typeof validateInvoice>[1] };
const report = await validateInvoice(bytes, limits);
// The XML tree has parent links (cycles): the report is sent without it.
parentPort!.postMessage({ ...report, root: null });
