// Whether the compiled command line (dist/node/cli.mjs, made by `npm run build`: scripts/build-server.ts)
// was made from the sources as they are now: every source it lists has the size and modification
// time it had then. Plain JavaScript: bin/motcua.js asks before tsx is loaded.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Paths are kept relative to the checkout (dist/node's grandparent), so a checkout moved or mounted
// elsewhere keeps its build.
export function compiledIsCurrent(dir, root = join(dir, '..', '..')) {
  try {
    const { sources } = JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8'));
    statSync(join(dir, 'cli.mjs'));
    return (
      Array.isArray(sources) &&
      sources.length > 0 &&
      sources.every((s) => {
        const now = statSync(resolve(root, s.path));
        return now.size === s.size && now.mtimeMs === s.mtimeMs;
      })
    );
  } catch {
    return false;
  }
}
