/**
 * Compiles the `motcua` command line and the server into one JavaScript file, dist/node/cli.mjs,
 * so that `motcua serve` (and a service restart) starts without tsx: running the TypeScript through
 * tsx's loader cost about a second of CPU at every start, on every module of node_modules too.
 * Part of `npm run build`. The same sources, compiled by the same compiler tsx uses (esbuild);
 * packages stay in node_modules (not bundled).
 *
 * Never stale: beside the file goes the list of its sources with their size and modification time;
 * bin/motcua.js runs the compiled file only when every one is unchanged, and the TypeScript through
 * tsx otherwise (a developer who edits a file and runs `npx motcua` gets their edit).
 */
import { build } from 'esbuild';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../server/config.ts';

export const COMPILED_DIR = join(PROJECT_ROOT, 'dist', 'node');

/** `dir`: where to write (tests use another folder inside the checkout, so packages still resolve). */
export async function buildServer(dir = COMPILED_DIR): Promise<{ file: string; sources: number }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'cli.mjs');
  const result = await build({
    // The supervisors' reader is a worker thread's own file (server/supervision/reader.ts).
    entryPoints: { cli: join(PROJECT_ROOT, 'scripts', 'cli.ts'), 'supervision-reader': join(PROJECT_ROOT, 'server', 'supervision', 'reader-worker.ts') },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    // Each import() stays lazy (its own chunk): `motcua users list` never loads Fastify, and the
    // server loads pdfkit and exceljs at the first paper, as when run through tsx.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: PROJECT_ROOT,
  });
  const sources = Object.keys(result.metafile.inputs).map((input) => {
    const path = resolve(PROJECT_ROOT, input);
    const s = statSync(path);
    return { path: relative(PROJECT_ROOT, path), size: s.size, mtimeMs: s.mtimeMs };
  });
  writeFileSync(join(dir, 'sources.json'), `${JSON.stringify({ built: new Date().toISOString(), sources }, null, 1)}\n`);
  return { file, sources: sources.length };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(PROJECT_ROOT, 'scripts', 'build-server.ts')) {
  const { file, sources } = await buildServer();
  console.log(`compiled ${sources} sources into ${file}`);
}
