/**
 * A report's tables as ONE CSV file (RFC 4180: CRLF, fields with a comma, quote or line break
 * quoted, quotes doubled), in UTF-8 with a byte-order mark: without it Excel reads the file as the
 * machine's ANSI code page and every Vietnamese letter comes out garbled.
 *
 * One file with a "Bảng" (section) column rather than the main table alone: a download must carry
 * the whole report — the late dossiers with their reasons and the apologies are what the briefing
 * acts on, and a CSV cannot hold several tables. Each table's columns sit under one shared header
 * (a column means the same thing in every table), so Excel's filter on "Bảng" shows any one table,
 * and a program reads every row without knowing the layout. The XLSX has one sheet per table.
 *
 * Values are the JSON API's: counts and rates as plain numbers with a decimal point (rates 0..1),
 * times as ISO 8601 with +07:00. Excel set to Vietnamese regional settings (decimal comma) reads the
 * decimals as text: the XLSX is the file for Excel, the CSV for programs and archives.
 */
import type { Cell, Column, Table } from './tables.ts';

const SECTION: Column = { key: '__section', header: 'Bảng', type: 'text', width: 20 };

/** A text a spreadsheet would run as a formula (=, +, -, @) is prefixed with ' (OWASP's CSV injection advice). */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function field(value: Cell, type: Column['type']): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : type === 'text' ? safeText(value.normalize('NFC')) : value.normalize('NFC');
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every table under one header; the columns in the order they first appear. */
export function toCsv(tables: readonly Table[]): Buffer {
  const columns: Column[] = [SECTION];
  const seen = new Set<string>();
  for (const t of tables) {
    for (const c of t.columns) {
      if (!seen.has(c.key)) {
        seen.add(c.key);
        columns.push(c);
      }
    }
  }
  const lines = [columns.map((c) => field(c.header, 'text')).join(',')];
  for (const t of tables) {
    for (const row of t.rows) lines.push(columns.map((c) => field(c === SECTION ? t.title : (row[c.key] ?? null), c.type)).join(','));
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
