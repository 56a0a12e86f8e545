/**
 * /k/<key>, the address in the receipt's QR code: the kiosk's view on the citizen's phone. The page is
 * served at that address (a reload keeps the dossier), and anything but a clean run of
 * digits is sent to its digits, so the address cannot be steered elsewhere.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/helpers.ts';

let t: TestApp;
let ui: string;
beforeAll(async () => {
  ui = mkdtempSync(join(tmpdir(), 'motcua-ui-'));
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>MotCua</title><div id="app"></div>');
  t = await testApp({ config: { uiDir: ui } });
});
afterAll(async () => {
  await t.close();
  rmSync(ui, { recursive: true, force: true });
});

describe('GET /k/:key', () => {
  it('serves the page at the key’s own address', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/k/1234567890123452' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    // The page holds no dossier (it asks the API, which is never cached): revalidated like /kiosk.
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="app">');
    // The key must not leave with a link the citizen follows from the page.
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('sends a key typed with spaces or dashes to its digits, and anything else to the kiosk', async () => {
    const spaced = await t.app.inject({ method: 'GET', url: '/k/1234%205678-9012.3452' });
    expect(spaced.statusCode).toBe(302);
    expect(spaced.headers.location).toBe('/k/1234567890123452');
    const junk = await t.app.inject({ method: 'GET', url: '/k/%2F%2Fevil.example' });
    expect(junk.statusCode).toBe(302);
    expect(junk.headers.location).toBe('/kiosk');
    const long = await t.app.inject({ method: 'GET', url: `/k/${'9'.repeat(40)}` });
    expect(long.headers.location).toBe(`/k/${'9'.repeat(16)}`);
  });
});
