#!/usr/bin/env node
// Entry point for `npx motcua …` and the package's `bin`, in this same process (no npm → sh → tsx →
// node chain, so signals reach the server directly). Runs the compiled file `npm run build` makes
// (dist/node/cli.mjs, scripts/build-server.ts) when every source it was made from is unchanged — a
// start without tsx's loader is about a second faster — and the TypeScript through tsx otherwise
// (MOTCUA_NO_COMPILED=1 forces that).
import { fileURLToPath } from 'node:url';
import { compiledIsCurrent } from './compiled.js';

const compiledDir = fileURLToPath(new URL('../dist/node/', import.meta.url));

let main;
if (process.env.MOTCUA_NO_COMPILED !== '1' && compiledIsCurrent(compiledDir)) {
  ({ main } = await import(new URL('../dist/node/cli.mjs', import.meta.url).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../scripts/cli.ts'));
}
const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
