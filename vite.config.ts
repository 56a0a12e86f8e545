import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { bundleBudget } from './scripts/bundle-budget.ts';

// The UI lives in kiosk-ui/; the server serves the built files from dist/ui.
// Tests have their own vitest.config.ts because `root` here would hide server/ and shared/ from vitest.
export default defineConfig({
  root: 'kiosk-ui',
  base: '/',
  plugins: [
    preact(),
    // /kiosk is what a citizen's phone opens from the receipt's QR code: its first load stays small, and
    // the camera's barcode decoder comes only when the camera button is tapped.
    bundleBudget({
      name: 'kiosk',
      screen: 'screens/kiosk/Kiosk.tsx',
      onDemand: { name: 'camera', module: 'screens/kiosk/camera/CameraPanel.tsx' },
      forbidden: [/\/node_modules\/@ericblade\/quagga2\//],
      budgetBytes: 60_000,
    }),
  ],
  build: {
    outDir: '../dist/ui',
    emptyOutDir: true,
    chunkSizeWarningLimit: 200,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
