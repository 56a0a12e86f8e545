/**
 * A report's tables as an Excel workbook (exceljs): one sheet per table, the header row bold and
 * frozen with a filter, counts and rates as numbers (rates 0..1 shown as %), times as real Excel
 * dates shown dd/mm/yyyy hh:mm.
 *
 * Real dates rather than ISO text: the leaders' staff sort, filter and subtract them in Excel, and
 * text dates do none of that. Excel dates carry no time zone, so each is written as the Vietnam
 * wall-clock time (the +07:00 offset is fixed all year, shared/time.ts) — 09:15 in the centre
 * shows as 09:15 on any machine. The exact ISO instant stays in the CSV and the JSON API.
 */
import type ExcelJS from 'exceljs';
import { VN_OFFSET_MINUTES, parseIsoInstant } from '../../shared/time.ts';
import type { Cell, Column, Table } from './tables.ts';

const NUMBER_FORMATS: Partial<Record<Column['type'], string>> = {
  int: '0',
  rate: '0.0%',
  decimal: '0.0#',
  time: 'dd/mm/yyyy hh:mm',
  day: 'dd/mm/yyyy',
};

/** The wall-clock time in Vietnam as a Date whose UTC fields read it: what Excel will show. */
function excelDate(iso: string, type: 'time' | 'day'): Date | string {
  const instant = type === 'day' ? parseIsoInstant(`${iso}T00:00:00Z`) : parseIsoInstant(iso);
  if (!instant) return iso;
  return type === 'day' ? instant : new Date(instant.getTime() + VN_OFFSET_MINUTES * 60_000);
}

function value(v: Cell, type: Column['type']): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (type === 'time' || type === 'day') return excelDate(v, type);
  return v.normalize('NFC');
}

export async function toXlsx(tables: readonly Table[], info: { creator: string; title: string }): Promise<Buffer> {
  // Loaded at the first spreadsheet, not at start-up (about 0.3 s of CPU a restart need not wait for).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = info.creator;
  wb.title = info.title;
  for (const t of tables) {
    const ws = wb.addWorksheet(t.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: NUMBER_FORMATS[c.type] ? { numFmt: NUMBER_FORMATS[c.type]! } : {} }));
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', wrapText: true };
    for (const r of t.rows) ws.addRow(Object.fromEntries(t.columns.map((c) => [c.key, value(r[c.key] ?? null, c.type)])));
    if (t.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
