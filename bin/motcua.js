#!/usr/bin/env node
// Entry point for `npx motcua …` and the package's `bin`: runs the TypeScript CLI through tsx in this
// same process (no npm → sh → tsx → node chain, so signals reach the server directly).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/cli.ts');
const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
