/**
 * The systemd service (issue 13, item 3): the unit's hardening, `systemd-analyze verify` on it,
 * `motcua service install|uninstall`, and readiness sent to NOTIFY_SOCKET once the server listens
 * (with its log on stdout as JSON lines). PID 1 here need not be systemd: nothing is started by systemd.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../server/config.ts';
import { checkoutProblem, serviceUnit } from '../server/ops/systemd.ts';
import { cmdService } from './service.ts';

const tmp = mkdtempSync(join(tmpdir(), 'motcua-service-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const base = { node: process.execPath, root: '/opt/motcua', user: 'motcua', dataDir: '/var/lib/motcua', host: '0.0.0.0', port: 8080, logLevel: 'info', historyKey: '/etc/motcua/history.key' };

function capture(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = cmdService(args, (l) => void out.push(l), (l) => void err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the unit', () => {
  it('runs as its own user with the file system read-only but the data directory, restarts on failure, and signals readiness', () => {
    const unit = serviceUnit(base);
    for (const line of [
      'Type=notify',
      'NotifyAccess=all',
      'User=motcua',
      'Group=motcua',
      'Environment=MOTCUA_DATA=/var/lib/motcua',
      'Environment=MOTCUA_HISTORY_KEY_FILE=/etc/motcua/history.key',
      `ExecStart=${process.execPath} /opt/motcua/bin/motcua.js serve --host 0.0.0.0 --port 8080 --data-dir /var/lib/motcua`,
      'Restart=on-failure',
      'RestartSec=200ms',
      'StateDirectory=motcua',
      'StateDirectoryMode=0700',
      'UMask=0077',
      'ProtectSystem=strict',
      'ReadWritePaths=/var/lib/motcua',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'NoNewPrivileges=yes',
      'CapabilityBoundingSet=',
      'StandardOutput=journal',
    ]) {
      expect(unit.split('\n'), line).toContain(line);
    }
    // V8 compiles to executable memory: this one would kill the server at start.
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute/m);
    expect(unit).not.toMatch(/AmbientCapabilities/);
  });

  it('gives only the capability to bind a low port when asked for one, and quotes paths with spaces', () => {
    const unit = serviceUnit({ ...base, port: 80, root: '/opt/mot cua' });
    expect(unit.split('\n')).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE');
    expect(unit).toContain('"/opt/mot cua/bin/motcua.js"');
  });

  it('names no StateDirectory outside /var/lib (install makes that directory itself)', () => {
    const unit = serviceUnit({ ...base, dataDir: '/srv/motcua' });
    expect(unit).not.toContain('StateDirectory');
    expect(unit.split('\n')).toContain('ReadWritePaths=/srv/motcua');
  });

  it('refuses a checkout the service could not read (ProtectHome)', () => {
    expect(checkoutProblem('/root/motcua')).toMatch(/ProtectHome/);
    expect(checkoutProblem('/home/an/motcua')).toMatch(/\/opt\/motcua/);
    expect(checkoutProblem('/opt/motcua')).toBeNull();
  });

  // Skipped only where systemd-analyze is not installed.
  it.skipIf(!has('systemd-analyze'))('passes systemd-analyze verify (which does catch a broken unit)', () => {
    const verify = (text: string) => {
      const dir = mkdtempSync(join(tmp, 'verify-'));
      const file = join(dir, 'motcua.service');
      writeFileSync(file, text);
      const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      return { status: r.status, stderr: r.stderr.trim() };
    };
    expect(verify(serviceUnit({ ...base, root: PROJECT_ROOT }))).toEqual({ status: 0, stderr: '' });
    expect(verify(serviceUnit({ ...base, port: 443, root: PROJECT_ROOT }))).toEqual({ status: 0, stderr: '' });
    // The same checks fail on a mistake: a misspelt value, a node that is not there.
    expect(verify(serviceUnit({ ...base, root: PROJECT_ROOT }).replace('NoNewPrivileges=yes', 'NoNewPrivileges=maybe')).stderr).toMatch(/NoNewPrivileges|boolean/);
    const missing = verify(serviceUnit({ ...base, root: PROJECT_ROOT, node: '/nonexistent/node' }));
    expect(missing.status !== 0 || missing.stderr !== '').toBe(true);
  });
});

describe('motcua service', () => {
  it('install --dry-run prints the unit and changes nothing', () => {
    const r = capture(['install', '--dry-run', '--port', '8090', '--unit-dir', join(tmp, 'never')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--port 8090');
    expect(r.out).toContain(`WorkingDirectory=${PROJECT_ROOT}`);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });

  it('install writes the unit and makes the data directory 0700 for the user; uninstall removes the unit', () => {
    const unitDir = join(tmp, 'units');
    const dataDir = join(tmp, 'data');
    // root exists everywhere: no user is created by this test.
    const key = join(tmp, 'etc-motcua', 'history.key');
    // Beside the database, a key protects nothing: refused before anything is made.
    expect(capture(['install', '--user', 'root', '--unit-dir', unitDir, '--data-dir', dataDir, '--history-key', join(dataDir, 'k.key')])).toMatchObject({ code: 2, err: expect.stringContaining('inside the data directory') });
    expect(existsSync(unitDir)).toBe(false);
    const r = capture(['install', '--user', 'root', '--unit-dir', unitDir, '--data-dir', dataDir, '--port', '8091', '--log-level', 'warn', '--history-key', key]);
    const problem = checkoutProblem(PROJECT_ROOT);
    if (problem) {
      expect(r).toMatchObject({ code: 1, err: expect.stringContaining('ProtectHome') });
      return;
    }
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const unit = readFileSync(join(unitDir, 'motcua.service'), 'utf8');
    expect(unit).toContain('User=root');
    expect(unit).toContain(`ReadWritePaths=${dataDir}`);
    expect(unit).toContain('Environment=MOTCUA_LOG_LEVEL=warn');
    expect(unit).toContain(`Environment=MOTCUA_HISTORY_KEY_FILE=${key}`);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    // The history key made, private, outside the data directory; a second install keeps it.
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(statSync(join(tmp, 'etc-motcua')).mode & 0o777).toBe(0o700);
    expect(r.out).toMatch(/Made the history key .*fingerprint/);
    const pem = readFileSync(key, 'utf8');
    expect(capture(['install', '--user', 'root', '--unit-dir', unitDir, '--data-dir', dataDir, '--history-key', key]).out).toContain('kept as it is');
    expect(readFileSync(key, 'utf8')).toBe(pem);
    expect(r.out).toContain(`Wrote ${join(unitDir, 'motcua.service')}`);
    expect(capture(['uninstall', '--unit-dir', unitDir])).toMatchObject({ code: 0 });
    expect(existsSync(join(unitDir, 'motcua.service'))).toBe(false);
    expect(existsSync(dataDir)).toBe(true);
    expect(capture(['uninstall', '--unit-dir', unitDir])).toMatchObject({ code: 1, err: expect.stringContaining('nothing to uninstall') });
  });

  it('refuses bad options', () => {
    expect(capture(['install', '--dry-run', '--port', 'eighty'])).toMatchObject({ code: 2, err: expect.stringContaining('--port') });
    expect(capture(['install', '--dry-run', '--log-level', 'loud'])).toMatchObject({ code: 2, err: expect.stringContaining('log level') });
    expect(capture(['install', '--dry-run', '--user', 'Bad User'])).toMatchObject({ code: 2 });
    expect(capture(['restart'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown service command') });
    expect(capture(['install', '--bogus']).code).toBe(2);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('readiness and the log under systemd', () => {
  // A Unix datagram socket stands in for systemd's: Node cannot open one, python3 can.
  it.skipIf(!has('systemd-notify') || !has('python3'))('sends READY=1 with the server as main process once it listens, and logs JSON lines on stdout', async () => {
    const socket = join(tmp, 'notify.sock');
    const listener = spawn('python3', ['-c', `import socket,sys\ns=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\nprint('bound', flush=True)\nprint(s.recv(4096).decode(), flush=True)`, socket]);
    let heard = '';
    listener.stdout.on('data', (c: Buffer) => (heard += c.toString()));
    while (!heard.includes('bound')) await new Promise((r) => setTimeout(r, 20));
    const port = await freePort();
    let server: ChildProcess | undefined;
    try {
      server = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'motcua.js'), 'serve', '--db', join(tmp, 'ready.db'), '--port', String(port), '--log-level', 'info'], {
        env: { ...process.env, NOTIFY_SOCKET: socket },
      });
      let stdout = '';
      server.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
      const deadline = Date.now() + 60_000;
      while (!heard.includes('READY=1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(heard).toContain('READY=1');
      expect(heard).toContain(`MAINPID=${server.pid}`);
      // Ready meant listening: it answers at once.
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      const json = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(json).toContainEqual(expect.objectContaining({ msg: 'request', route: '/api/health', method: 'GET', status: 200 }));
    } finally {
      server?.kill('SIGTERM');
      listener.kill();
      if (server && server.exitCode === null) await new Promise((r) => server!.once('exit', r));
    }
  }, 90_000);
});


describe('motcua serve --log-level', () => {
  it('refuses a level that is not one of pino\'s (exit 2), before opening anything', async () => {
    const { main } = await import('./cli.ts');
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => void errors.push(line);
    try {
      expect(await main(['serve', '--db', join(tmp, 'never.db'), '--log-level', 'loud'])).toBe(2);
      expect(await main(['serve', '--db', join(tmp, 'never.db')], { MOTCUA_LOG_LEVEL: 'chatty' })).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(/--log-level: the log level is one of fatal, error, warn, info, debug, trace, silent, got "loud"/);
    expect(errors.join('\n')).toMatch(/MOTCUA_LOG_LEVEL: the log level is one of/);
    expect(existsSync(join(tmp, 'never.db'))).toBe(false);
  });
});
