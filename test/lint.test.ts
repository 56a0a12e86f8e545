// The lint rule that keeps shared/ pure must actually fire: feed it code that breaks each part.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const problems = async (code: string, file = 'shared/example.ts') =>
  (await eslint.lintText(code, { filePath: file }))[0]!.messages.map((m) => m.ruleId);

describe('shared/ purity lint rule', () => {
  it.each([
    ["import { readFileSync } from 'node:fs'; export const x = readFileSync;", 'no-restricted-imports'],
    ["import Database from 'better-sqlite3'; export const x = Database;", 'no-restricted-imports'],
    ["import Fastify from 'fastify'; export const x = Fastify;", 'no-restricted-imports'],
    ["import PDFDocument from 'pdfkit'; export const x = PDFDocument;", 'no-restricted-imports'],
    ["import { h } from 'preact'; export const x = h;", 'no-restricted-imports'],
    ["import { buildApp } from '../server/app.ts'; export const x = buildApp;", 'no-restricted-imports'],
    ['export const now = Date.now();', 'no-restricted-syntax'],
    ['export const now = new Date();', 'no-restricted-syntax'],
    ['export const port = process.env.PORT;', 'no-restricted-globals'],
    ["export const fs = await import('node:fs');", 'no-restricted-syntax'],
    ["import { createRequire } from 'module'; export const x = createRequire;", 'no-restricted-imports'],
    ["import { gzipSync } from 'zlib'; export const x = gzipSync;", 'no-restricted-imports'],
    ["import f from 'fastify/fastify.js'; export const x = f;", 'no-restricted-imports'],
    ['export const env = globalThis.process.env;', 'no-restricted-properties'],
  ])('rejects %s', async (code, rule) => {
    expect(await problems(code)).toContain(rule);
  });

  it('accepts pure code, and the same imports outside shared/', async () => {
    expect(await problems("import { Type } from 'typebox'; export const at = (ms: number) => new Date(ms); export const T = Type;")).toEqual([]);
    expect(await problems("import { readFileSync } from 'node:fs'; export const x = readFileSync;", 'server/example.ts')).toEqual([]);
  });

  it('the UI may not import the server', async () => {
    expect(await problems("import { buildApp } from '../../server/app.ts'; export const x = buildApp;", 'kiosk-ui/lib/example.ts')).toContain('no-restricted-imports');
  });
});
