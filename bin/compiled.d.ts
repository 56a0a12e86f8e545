/** Whether dist/node/cli.mjs was compiled from the sources as they are now (bin/compiled.js). */
export function compiledIsCurrent(dir: string): boolean;
