/**
 * The compiled command line (scripts/build-server.ts) runs the same commands as the TypeScript, and
 * bin/motcua.js uses it only while every source it was made from is unchanged.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledIsCurrent } from '../bin/compiled.js';
import { PROJECT_ROOT } from '../server/config.ts';
import { buildServer } from './build-server.ts';

const dir = join(PROJECT_ROOT, 'dist', `node-test-${process.pid}`);
const tmp = mkdtempSync(join(tmpdir(), 'motcua-compiled-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

describe('the compiled command line', () => {
  it('creates, migrates and lists a database like the TypeScript does, reading the migrations and catalogue from the checkout', async () => {
    const { file, sources } = await buildServer(dir);
    expect(sources).toBeGreaterThan(50);
    expect(compiledIsCurrent(dir)).toBe(true);
    const db = join(tmp, 'c.db');
    const run = (args: string[]) =>
      execFileSync(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(`file://${file}`)}); process.exitCode = await main(${JSON.stringify(args)});`], { encoding: 'utf8' });
    expect(run(['users', 'add', '--db', db, '--username', 'admin1', '--role', 'admin', '--password', 'a-long-password'])).toMatch(/admin1/);
    expect(run(['users', 'list', '--db', db])).toMatch(/admin1\s+admin/);
    expect(run(['settings', 'show', '--db', db])).toMatch(/office-hours|Giờ làm việc|convention/i);
  }, 60_000);

  it('is used only while every source is as it was compiled', () => {
    const src = join(tmp, 'a.ts');
    const out = join(tmp, 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'cli.mjs'), '');
    writeFileSync(src, 'export const a = 1;\n');
    const record = () => {
      const s = statSync(src);
      writeFileSync(join(out, 'sources.json'), JSON.stringify({ sources: [{ path: src, size: s.size, mtimeMs: s.mtimeMs }] }));
    };
    record();
    expect(compiledIsCurrent(out)).toBe(true);
    // Touched (same size, a later time): the TypeScript runs instead.
    utimesSync(src, new Date(), new Date(Date.now() + 5_000));
    expect(compiledIsCurrent(out)).toBe(false);
    record();
    expect(compiledIsCurrent(out)).toBe(true);
    writeFileSync(src, 'export const a = 22;\n');
    expect(compiledIsCurrent(out)).toBe(false);
    record();
    rmSync(src);
    expect(compiledIsCurrent(out)).toBe(false);
    expect(compiledIsCurrent(join(tmp, 'nothing-here'))).toBe(false);
  });
});
