import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts', 'kiosk-ui/**/*.test.ts', 'test/**/*.test.ts'],
    // The default `forks` pool: vmThreads cannot load the ESM-only dependencies.
    pool: 'forks',
    // Test files share their worker's module cache: importing the server, pdfkit and Fastify through
    // tsx again for every file was a large part of the run. Each test builds its own app and database.
    isolate: false,
    // Most test time waits on other processes (the CLI, pdftoppm, zbarimg, cupsd, Chromium), so more
    // workers than cores pays: on a 2-core machine the default of one worker took twice as long.
    maxWorkers: Math.max(3, availableParallelism()),
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
