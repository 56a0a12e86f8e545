/**
 * The kiosk's JavaScript budget, checked by every build. A citizen's phone opening /k/<key> from the
 * receipt's QR code, often on mobile data, downloads what /kiosk needs before it shows anything; the
 * camera (quagga2, larger than the kiosk itself) is fetched only when someone taps its button.
 *
 * What /kiosk needs is the entry chunk and the kiosk screen's chunk with everything they import
 * statically, transitively. Chunks reached only through a dynamic import (the other screens, the
 * camera panel) are not part of it. `routeBudget` works that out from the bundle's chunk graph
 * (pure, unit-tested); `bundleBudget` is the Vite plugin that runs it after the bundle is generated
 * and fails the build when the route is over budget, when a forbidden module (quagga2) has slipped
 * into it, or when the on-demand module is no longer a chunk of its own.
 */
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The parts of a Rollup/Rolldown output chunk the budget looks at. */
export interface ChunkNode {
  readonly fileName: string;
  readonly code: string;
  readonly isEntry: boolean;
  readonly facadeModuleId: string | null;
  readonly moduleIds: readonly string[];
  readonly imports: readonly string[];
  readonly dynamicImports: readonly string[];
}

export interface RouteBudget {
  /** Shown in the report: "kiosk JS …". */
  readonly name: string;
  /** The route's lazy screen module, as the end of its path: 'screens/kiosk/Kiosk.tsx'. */
  readonly screen: string;
  /** A module the screen loads on demand, which must be its own chunk, outside the route's first load. */
  readonly onDemand: { readonly name: string; readonly module: string };
  /** Modules that must never be in the route's first load. */
  readonly forbidden: readonly RegExp[];
  /** Gzipped bytes; kB here are 1000 bytes, as in Vite's own build report, so the figures can be compared. */
  readonly budgetBytes: number;
}

export interface BudgetReport {
  /** The route's first load: file names, entry first. */
  readonly routeFiles: readonly string[];
  readonly routeBytes: number;
  /** Loaded when the on-demand module is opened, beyond what the route already has. */
  readonly onDemandFiles: readonly string[];
  readonly onDemandBytes: number;
  /** Empty when the build may pass. */
  readonly errors: readonly string[];
  /** One line for the build log. */
  readonly summary: string;
}

/** Gzipped size at the strongest level, what a compressing server or CDN would send. */
export const gzipBytes = (code: string): number => gzipSync(code, { level: 9 }).length;

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const files = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;
const normalise = (id: string) => id.replace(/\\/g, '/');
const isModule = (id: string, tail: string) => normalise(id).endsWith(`/${tail}`) || normalise(id) === tail;

/**
 * Every chunk reachable from `roots` through static imports, and through dynamic ones too when
 * `dynamic`; chunks in `known` are neither counted nor walked through (they are loaded already).
 */
export function reachable(byFile: ReadonlyMap<string, ChunkNode>, roots: readonly string[], { dynamic = false, known = new Set<string>() }: { dynamic?: boolean; known?: ReadonlySet<string> } = {}): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file) || known.has(file)) continue;
    const chunk = byFile.get(file);
    // An import that is not a chunk of this bundle (an external) weighs nothing here.
    if (!chunk) continue;
    seen.add(file);
    stack.push(...chunk.imports, ...(dynamic ? chunk.dynamicImports : []));
  }
  return seen;
}

export function routeBudget(chunks: readonly ChunkNode[], route: RouteBudget, sizeOf: (code: string) => number = gzipBytes): BudgetReport {
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const errors: string[] = [];
  const entries = chunks.filter((c) => c.isEntry).map((c) => c.fileName);
  const screen = chunks.find((c) => c.facadeModuleId !== null && isModule(c.facadeModuleId, route.screen));
  if (!screen) errors.push(`${route.screen} is not the facade of any chunk: is it still a lazy route?`);
  const routeSet = reachable(byFile, [...entries, ...(screen ? [screen.fileName] : [])]);
  const routeChunks = [...routeSet].map((f) => byFile.get(f)!);

  for (const pattern of route.forbidden) {
    for (const chunk of routeChunks) {
      const hit = chunk.moduleIds.find((id) => pattern.test(normalise(id)));
      if (hit) errors.push(`${normalise(hit)} is in ${route.name}'s first load (${chunk.fileName}); it must be loaded on demand only`);
    }
  }

  const holder = chunks.find((c) => c.moduleIds.some((id) => isModule(id, route.onDemand.module)));
  let onDemandSet = new Set<string>();
  if (!holder) {
    errors.push(`${route.onDemand.module} is not in the bundle: ${route.screen} should load it with a dynamic import()`);
  } else if (routeSet.has(holder.fileName)) {
    errors.push(`${route.onDemand.module} is bundled into ${route.name}'s first load (${holder.fileName}) instead of its own chunk`);
  } else {
    // What opening it adds: its chunk, what that imports that the route has not loaded, and whatever it loads later in turn.
    onDemandSet = reachable(byFile, [holder.fileName], { dynamic: true, known: routeSet });
  }

  const bytes = (set: Iterable<string>) => [...set].reduce((sum, f) => sum + sizeOf(byFile.get(f)!.code), 0);
  const routeBytes = bytes(routeSet);
  const onDemandBytes = bytes(onDemandSet);
  if (routeBytes > route.budgetBytes) {
    errors.push(`${route.name} JS is ${kB(routeBytes)} gzipped, over its budget of ${kB(route.budgetBytes)}`);
  }
  const order = (files: Set<string>) => [...files].sort((a, b) => Number(byFile.get(b)!.isEntry) - Number(byFile.get(a)!.isEntry) || a.localeCompare(b));
  return {
    routeFiles: order(routeSet),
    routeBytes,
    onDemandFiles: order(onDemandSet),
    onDemandBytes,
    errors,
    summary: `${route.name} JS ${kB(routeBytes)} gzipped (budget ${kB(route.budgetBytes)}, ${files(routeSet.size)}); ${route.onDemand.name} ${kB(onDemandBytes)} on demand (${files(onDemandSet.size)})`,
  };
}

/** The Vite plugin: reports after every build and fails it (this.error) when the budget is broken. */
export function bundleBudget(route: RouteBudget): Plugin {
  let log: (message: string) => void = (message) => console.log(message);
  return {
    name: 'motcua:bundle-budget',
    apply: 'build',
    configResolved(config) {
      log = (message) => config.logger.info(message);
    },
    generateBundle(_options, bundle) {
      const chunks: ChunkNode[] = [];
      for (const item of Object.values(bundle)) if (item.type === 'chunk') chunks.push(item);
      const report = routeBudget(chunks, route);
      log(report.summary);
      if (report.errors.length > 0) this.error(`bundle budget:\n  ${report.errors.join('\n  ')}\n  first load: ${report.routeFiles.join(', ')}`);
    },
  };
}
