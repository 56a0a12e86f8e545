/** /api/openapi.json is a valid OpenAPI 3.1 document in which every route says what it answers; /api/docs renders it from this server. */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../test/helpers.ts';

type Operation = { responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }> };

/** "GET /api/x" for every operation with no 2xx answer whose content has a schema (a 204 has no content by definition). */
function withoutAnswerSchema(doc: { paths: Record<string, Record<string, Operation>> }): string[] {
  const offenders: string[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const ok = Object.entries(operation.responses ?? {}).some(
        ([status, response]) => /^2/.test(status) && (status === '204' || Object.values(response.content ?? {}).some((media) => media.schema !== undefined)),
      );
      if (!ok) offenders.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return offenders;
}

describe('the API documents itself', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('publishes a valid OpenAPI 3.1 document without a login, in which every route has a 2xx response schema', async () => {
    // A training database: its clock route exists only there.
    t = await testApp({ training: true });
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');

    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');

    // Every route of the API is there (not the screens' pages).
    const operations = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations).toEqual(expect.arrayContaining(['GET /api/dossiers/{code}', 'GET /api/staff', 'POST /api/training/clock', 'GET /api/health', 'GET /api/reports/weekly.pdf']));
    expect(operations.filter((o) => !/ \/api\/|^GET \/metrics$/.test(o))).toEqual([]);

    const offenders = withoutAnswerSchema(doc);
    expect(offenders, `routes without a 2xx response schema:\n${offenders.join('\n')}`).toEqual([]);

    // The shared contracts keep their names.
    expect(doc.paths['/api/dossiers/{code}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/DossierDetail' });
    expect(doc.components.schemas.StaffList).toBeDefined();
  });

  it('finds a route without a response schema', () => {
    const doc = { paths: { '/api/a': { get: { responses: { 200: { description: 'Default Response' } } } }, '/api/b': { delete: { responses: { 204: { description: 'No content' } } } } } };
    expect(withoutAnswerSchema(doc)).toEqual(['GET /api/a']);
  });

  it('serves /api/docs from this server alone, under the server’s own security policy', async () => {
    t = await testApp();
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    // Scripts and styles from this server only (no CDN: a centre has no internet).
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(2);
    expect(assets.filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    for (const asset of assets) {
      const url = new URL(asset, 'http://x/api/docs/').pathname;
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    // The page's script asks no online validator and reads the document from this server.
    const init = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(init.body).toContain('validatorUrl: null');
  });
});
