import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The UI lives in kiosk-ui/; the server serves the built files from dist/ui.
// Tests have their own vitest.config.ts because `root` here would hide server/ and shared/ from vitest.
export default defineConfig({
  root: 'kiosk-ui',
  base: '/',
  plugins: [preact()],
  build: {
    outDir: '../dist/ui',
    emptyOutDir: true,
    chunkSizeWarningLimit: 200,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
