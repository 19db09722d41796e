#!/usr/bin/env node
// The package runs from its TypeScript sources (no build step): register tsx, then start the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
