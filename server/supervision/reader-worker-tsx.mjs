// The supervision reader's worker when the server runs from its TypeScript (through tsx, and in the
// tests): registers tsx's loader in the worker thread, which a worker does not inherit from a parent
// that registered it in code (bin/motcua.js), then runs the worker itself. The compiled server starts
// dist/node/supervision-reader.mjs instead (server/supervision/reader.ts).
import { register } from 'tsx/esm/api';

register();
await import('./reader-worker.ts');
