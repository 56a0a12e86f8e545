// Lint: typescript-eslint's recommended rules, plus the rule that keeps shared/ a pure core.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Every Node built-in by name (fs, module, zlib, vm, …), with or without the node: prefix.
const NODE_BUILTINS = `^(node:.*|(${builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/')).join('|')})(/.*)?)$`;

// shared/ runs in Node and in the browser and is the single source of the rules: no I/O, no
// framework, no clock and no environment (time and calendars are passed in). ARCHITECTURE.md says why.
export const SHARED_PURITY = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { regex: NODE_BUILTINS, message: 'shared/ is pure: no Node built-ins.' },
        { regex: '^(better-sqlite3|sqlite3?)(/.*)?$', message: 'shared/ is pure: no database.' },
        { regex: '^(fastify|@fastify/[^/]+)(/.*)?$', message: 'shared/ is pure: no Fastify.' },
        { regex: '^(pdfkit|fontkit|bwip-js)(/.*)?$', message: 'shared/ is pure: no PDF or barcode rendering.' },
        { regex: '^(preact|preact-iso|@preact/.*)(/.*)?$', message: 'shared/ is pure: no UI framework.' },
        { regex: '(^|/)(server|kiosk-ui|scripts)(/|$)', message: 'shared/ is imported by server/ and kiosk-ui/, never the reverse.' },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'process', message: 'shared/ must not read the environment: pass configuration in.' },
    { name: 'require', message: 'shared/ is ESM and pure.' },
    { name: 'fetch', message: 'shared/ does no I/O.' },
    { name: 'localStorage', message: 'shared/ does no I/O.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'shared/ never reads the clock: pass the time in.' },
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'shared/ never reads the clock: pass the time in.' },
    { selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']", message: 'shared/ never reads the clock.' },
    { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'shared/ is deterministic: pass randomness in.' },
    { selector: 'ImportExpression', message: 'shared/ loads nothing at run time: no dynamic import().' },
  ],
  'no-restricted-properties': [
    'error',
    ...['process', 'require', 'fetch', 'localStorage', 'Date'].flatMap((property) => [
      { object: 'globalThis', property, message: 'shared/ is pure: no environment, I/O or clock through globalThis.' },
      { object: 'window', property, message: 'shared/ is pure: no environment, I/O or clock through window.' },
    ]),
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-undef': 'off', // TypeScript checks names; no-undef does not understand types.
    },
  },
  { files: ['shared/**/*.ts'], ignores: ['shared/**/*.test.ts'], rules: SHARED_PURITY },
  { files: ['kiosk-ui/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)server(/|$)', message: 'The UI talks to the server over HTTP only.' }] }] } },
);
