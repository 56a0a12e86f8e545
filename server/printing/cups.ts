/**
 * Sending a PDF to a CUPS queue with `lp` (cups-client), the way every Linux desktop prints: no
 * dialog, the job lands on the counter's printer. The PDF goes on standard input, so nothing is left
 * in a temporary file with an applicant's data in it.
 */
import { spawn } from 'node:child_process';

export interface PrintJob {
  readonly queue: string;
  /** CUPS's request id, e.g. "Quay1-42". */
  readonly job: string;
}

export class PrinterError extends Error {}

/** CUPS queue names: letters, digits, dash, underscore, dot (no spaces, slashes or "#"). */
export const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,127}$/;

export function sendToQueue(pdf: Buffer, options: { queue: string; title: string; media?: string; server: string | null; timeoutMs?: number }): Promise<PrintJob> {
  if (!QUEUE_NAME.test(options.queue)) return Promise.reject(new PrinterError(`"${options.queue}" is not a CUPS queue name`));
  const args = [
    ...(options.server ? ['-h', options.server] : []),
    '-d', options.queue,
    // The title shows in the printer's queue and names the file a PDF printer writes.
    '-t', options.title.replace(/[^\p{L}\p{N} ._-]/gu, '-').slice(0, 120),
    ...(options.media ? ['-o', `media=${options.media}`] : []),
    '-',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('lp', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new PrinterError(e.code === 'ENOENT' ? 'lp is not installed (Debian package cups-client)' : e.message));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = /request id is (\S+)/.exec(out);
      if (code === 0 && m) resolve({ queue: options.queue, job: m[1]! });
      else reject(new PrinterError((err || out || `lp exited with ${code}`).trim().replace(/^lp: /, '')));
    });
    child.stdin.on('error', () => {}); // lp may exit before reading everything; 'close' reports why
    child.stdin.end(pdf);
  });
}

/** The page size of a one-size PDF, for the printer's media option (a roll's length varies per receipt). */
export function mediaOf(pdf: Buffer, layout: 'a4' | 'a5' | 'thermal'): string {
  if (layout !== 'thermal') return layout.toUpperCase();
  const m = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
  return m ? `Custom.${Math.round(Number(m[1]))}x${Math.round(Number(m[2]))}` : 'Custom.227x842';
}
