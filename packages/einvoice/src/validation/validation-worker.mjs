// Worker entry of validation-pool.ts: worker threads do not inherit the tsx loader, so the worker
// registers it itself before loading the TypeScript validation code.
import { register } from 'tsx/esm/api';

register();
await import('./validation-worker.ts');
