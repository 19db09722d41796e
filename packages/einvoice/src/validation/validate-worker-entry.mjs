// Worker entry for validate-isolated.ts: worker threads do not inherit the tsx loader, so the
// worker registers it itself before loading the TypeScript validation code.
import { register } from 'tsx/esm/api';

register();
await import('./validate-worker.ts');
