import { describe, expect, it } from 'vitest';
import { type ChunkNode, type RouteBudget, gzipBytes, routeBudget } from './bundle-budget.ts';

const ROOT = '/work/app/kiosk-ui';
const QUAGGA = '/work/app/node_modules/@ericblade/quagga2/dist/quagga.min.js';

/** A chunk whose code is `size` characters long (the tests measure length, not gzip). */
function aChunk(fileName: string, size: number, parts: Partial<Omit<ChunkNode, 'fileName' | 'code'>> = {}): ChunkNode {
  return { fileName, code: 'x'.repeat(size), isEntry: false, facadeModuleId: null, moduleIds: [], imports: [], dynamicImports: [], ...parts };
}

const ROUTE: RouteBudget = {
  name: 'kiosk',
  screen: 'screens/kiosk/Kiosk.tsx',
  onDemand: { name: 'camera', module: 'screens/kiosk/camera/CameraPanel.tsx' },
  forbidden: [/\/node_modules\/@ericblade\/quagga2\//],
  budgetBytes: 1000,
};

/**
 * The app's shape: the entry loads the screens lazily; the kiosk and the counter share a chunk; the
 * counter has its own library; the kiosk opens the camera on demand, which brings quagga2 and in turn
 * loads a help chunk lazily.
 */
function anApp(overrides: Record<string, Partial<ChunkNode>> = {}): ChunkNode[] {
  const chunks = [
    aChunk('index.js', 300, { isEntry: true, facadeModuleId: `${ROOT}/main.tsx`, moduleIds: [`${ROOT}/main.tsx`, '/work/app/node_modules/preact/dist/preact.mjs'], imports: ['preload-helper.js'], dynamicImports: ['Kiosk.js', 'Counter.js'] }),
    aChunk('preload-helper.js', 10),
    aChunk('Kiosk.js', 200, { facadeModuleId: `${ROOT}/screens/kiosk/Kiosk.tsx`, moduleIds: [`${ROOT}/screens/kiosk/Kiosk.tsx`], imports: ['index.js', 'status.js'], dynamicImports: ['CameraPanel.js'] }),
    aChunk('status.js', 50, { moduleIds: [`${ROOT}/lib/status.ts`] }),
    aChunk('Counter.js', 5000, { facadeModuleId: `${ROOT}/screens/counter/Counter.tsx`, moduleIds: [`${ROOT}/screens/counter/Counter.tsx`], imports: ['index.js', 'status.js', 'counter-lib.js'] }),
    aChunk('counter-lib.js', 7000),
    aChunk('CameraPanel.js', 400, { facadeModuleId: `${ROOT}/screens/kiosk/camera/CameraPanel.tsx`, moduleIds: [`${ROOT}/screens/kiosk/camera/CameraPanel.tsx`], imports: ['index.js', 'status.js', 'quagga.js'], dynamicImports: ['camera-help.js'] }),
    aChunk('quagga.js', 4000, { moduleIds: [QUAGGA] }),
    aChunk('camera-help.js', 30),
  ];
  return chunks.map((c) => ({ ...c, ...overrides[c.fileName] }));
}

const measure = (code: string) => code.length;

describe('the kiosk’s JavaScript budget', () => {
  it('counts the entry, the kiosk screen and their static imports, not the other screens or the camera', () => {
    const report = routeBudget(anApp(), ROUTE, measure);
    expect(report.routeFiles).toEqual(['index.js', 'Kiosk.js', 'preload-helper.js', 'status.js']);
    expect(report.routeBytes).toBe(300 + 10 + 200 + 50);
    expect(report.errors).toEqual([]);
    expect(report.summary).toBe('kiosk JS 0.6 kB gzipped (budget 1.0 kB, 4 files); camera 4.4 kB on demand (3 files)');
  });

  it('counts for the camera only what opening it adds: its chunk, its library and what it loads later', () => {
    const report = routeBudget(anApp(), ROUTE, measure);
    expect(report.onDemandFiles).toEqual(['camera-help.js', 'CameraPanel.js', 'quagga.js']);
    expect(report.onDemandBytes).toBe(400 + 4000 + 30);
  });

  it('counts a chunk shared with another screen when the kiosk imports it statically', () => {
    const report = routeBudget(anApp({ 'Kiosk.js': { imports: ['index.js', 'status.js', 'counter-lib.js'] } }), { ...ROUTE, budgetBytes: 100_000 }, measure);
    expect(report.routeFiles).toContain('counter-lib.js');
    expect(report.routeBytes).toBe(560 + 7000);
  });

  it('fails over budget, naming the figure and the budget', () => {
    const report = routeBudget(anApp(), { ...ROUTE, budgetBytes: 500 }, measure);
    expect(report.errors).toEqual(['kiosk JS is 0.6 kB gzipped, over its budget of 0.5 kB']);
  });

  it('fails when quagga2 reaches the first load, even under budget', () => {
    const report = routeBudget(anApp({ 'Kiosk.js': { imports: ['index.js', 'status.js', 'quagga.js'] } }), { ...ROUTE, budgetBytes: 100_000 }, measure);
    expect(report.errors).toEqual([`${QUAGGA} is in kiosk's first load (quagga.js); it must be loaded on demand only`]);
  });

  it('fails when the camera panel is bundled into the kiosk instead of its own chunk', () => {
    const chunks = anApp({ 'Kiosk.js': { moduleIds: [`${ROOT}/screens/kiosk/Kiosk.tsx`, `${ROOT}/screens/kiosk/camera/CameraPanel.tsx`], dynamicImports: [] } }).filter((c) => c.fileName !== 'CameraPanel.js');
    expect(routeBudget(chunks, ROUTE, measure).errors).toEqual(['screens/kiosk/camera/CameraPanel.tsx is bundled into kiosk\'s first load (Kiosk.js) instead of its own chunk']);
  });

  it('fails when the camera panel or the kiosk screen is missing from the bundle', () => {
    const noCamera = anApp({ 'Kiosk.js': { dynamicImports: [] } }).filter((c) => !['CameraPanel.js', 'quagga.js', 'camera-help.js'].includes(c.fileName));
    expect(routeBudget(noCamera, ROUTE, measure).errors).toEqual(['screens/kiosk/camera/CameraPanel.tsx is not in the bundle: screens/kiosk/Kiosk.tsx should load it with a dynamic import()']);
    const noScreen = anApp({ 'Kiosk.js': { facadeModuleId: null } });
    expect(routeBudget(noScreen, ROUTE, measure).errors[0]).toBe('screens/kiosk/Kiosk.tsx is not the facade of any chunk: is it still a lazy route?');
  });

  it('measures gzipped bytes by default', () => {
    const repetitive = 'export const a = 1;\n'.repeat(500);
    expect(gzipBytes(repetitive)).toBeLessThan(200);
    expect(routeBudget(anApp({ 'index.js': { code: repetitive } }), ROUTE).routeBytes).toBeLessThan(repetitive.length);
  });
});
