#!/usr/bin/env node
// Builds the API server to plain JavaScript (issue 13): apps/api/src/server.ts and the workspace
// packages it imports, bundled by esbuild into apps/api/dist/server.mjs, with the einvoice
// validation worker beside it (dist/validation-worker.mjs). npm packages stay external (loaded
// from node_modules as usual). Running it spares each process tsx's loader (its own thread,
// esbuild's transform, source maps): measured ~35 MB of RSS per process.
//
// Files read next to a module at run time (swagger contracts, the offline registry, the einvoice
// vendor XSD and Schematron files, fonts through createRequire): each bundled module's
// `import.meta.url` is replaced by its source file's URL, computed from the bundle's own URL so
// that the tree can be moved as a whole. The one exception is validation-pool.ts, whose
// `./validation-worker.mjs` must be the compiled worker beside the bundle.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// `--outdir DIR` (the build's test): elsewhere inside the repository, where node_modules is found.
const outArg = process.argv.indexOf('--outdir');
const outdir = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, 'apps/api/dist');
const workerSource = join(root, 'packages/einvoice/src/validation/validation-worker.ts');
const poolSource = join(root, 'packages/einvoice/src/validation/validation-pool.ts');

/** Workspace packages are bundled (their exports are TypeScript); every other bare import is left to node. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@chorale/') || args.path.startsWith('node:')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

/** `import.meta.url` of a bundled module: its source file's, relative to the bundle's location. */
const moduleUrls = {
  name: 'module-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      if (args.path === poolSource) {
        if (!contents.includes("new URL('./validation-worker.mjs', import.meta.url)"))
          throw new Error('validation-pool.ts: the worker URL changed, update scripts/build-api.mjs');
      } else if (contents.includes('import.meta.url')) {
        const rel = relative(outdir, args.path).split('\\').join('/');
        contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
      }
      return { contents, loader: 'ts', resolveDir: dirname(args.path) };
    });
  },
};

const started = Date.now();
// Chunk names change with their content: the previous build's go.
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: [
    { in: 'apps/api/src/server.ts', out: 'server' },
    { in: workerSource, out: 'validation-worker' },
  ],
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // What server.ts imports lazily stays in its own chunks, with the npm packages it imports: a
  // cluster's primary loads neither the application nor its packages (issue 13). Chunks sit
  // beside the entries, so that every module's URL is in the same directory.
  splitting: true,
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // No `keepNames`: it wraps every named function and arrow in a call that redefines its `name`,
  // run each time a closure is made (~1 % of a server's CPU under load, issue 13). esbuild renames
  // only what collides across modules: no class does today (error names in logs stay as written);
  // a few functions carry a suffix in stack traces (`pdfText2`).
  keepNames: false,
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [externalPackages, moduleUrls],
});
console.log(`Serveur compilé dans ${relative(process.cwd(), outdir) || '.'} (${Date.now() - started} ms)`);
