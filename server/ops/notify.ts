/**
 * Readiness for systemd (`Type=notify`): once the server listens, `systemd-notify --ready` tells
 * systemd the service is up, so `systemctl start` returns (and units ordered after it start) only
 * when MotCua answers. Only when systemd asked for it (NOTIFY_SOCKET in the environment).
 *
 * Why the systemd-notify program rather than a library: Node cannot send on a Unix datagram socket
 * without a native add-on, and systemd-notify ships with systemd itself. Its message comes from a
 * child process, so the unit says `NotifyAccess=all`; `--pid` names this process as the main one.
 */
import { execFile } from 'node:child_process';

export function notifyReady(notifySocket: string, warn: (message: string) => void): Promise<void> {
  return new Promise((resolve) => {
    execFile('systemd-notify', ['--ready', `--pid=${process.pid}`, '--status=MotCua is serving'], { env: { ...process.env, NOTIFY_SOCKET: notifySocket }, timeout: 10_000 }, (err) => {
      // Not fatal: systemd then reports the start as timed out, and says so in its own log.
      if (err) warn(`systemd-notify --ready failed: ${err.message}`);
      resolve();
    });
  });
}
