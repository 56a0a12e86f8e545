import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts', 'kiosk-ui/**/*.test.ts', 'test/**/*.test.ts'],
    // The default `forks` pool: vmThreads cannot load the ESM-only dependencies (see STACK.md).
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
