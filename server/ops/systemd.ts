/**
 * The systemd unit that runs MotCua as a service (`motcua service install`, scripts/service.ts).
 *
 * Hardened: its own unprivileged user, the whole file system read-only but the data directory
 * (ProtectSystem=strict + ReadWritePaths), no home directories, a private /tmp, no privilege gain,
 * no capabilities. Restarted a second after a crash. Ready when listening (Type=notify, see
 * notify.ts). Its output — one JSON line per request, server/ops/logging.ts — goes to the journal.
 * Not MemoryDenyWriteExecute: V8's JIT compiler writes executable memory.
 */

export const DEFAULT_UNIT_NAME = 'motcua.service';
export const DEFAULT_SERVICE_USER = 'motcua';
export const DEFAULT_DATA_DIR = '/var/lib/motcua';
export const DEFAULT_UNIT_DIR = '/etc/systemd/system';
/** The history key's place: outside the data directory (`motcua service install` makes it if missing). */
export const DEFAULT_HISTORY_KEY = '/etc/motcua/history.key';

export interface UnitOptions {
  /** Absolute path of the node binary. */
  readonly node: string;
  /** The installed checkout (holds bin/motcua.js, node_modules, dist/). */
  readonly root: string;
  readonly user: string;
  /** /var/lib/<StateDirectory>: systemd creates it 0700 for the user. */
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  /** The history key (outside the data directory, 0600, the user's): links tagged and anchors signed. null: none. */
  readonly historyKey: string | null;
}

/** systemd quoting for a word of ExecStart= / Environment=: quoted when it holds a space or quote. */
function word(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `"${text.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * The unit's text. A data directory under /var/lib is systemd's StateDirectory= (created 0700 for the
 * user at every start); anywhere else (a second disk) `motcua service install` creates it.
 */
export function serviceUnit(o: UnitOptions): string {
  const stateDirectory = stateDirectoryOf(o.dataDir);
  const lowPort = o.port > 0 && o.port < 1024;
  return `# MotCua: the dossier desk of the one-stop public-service centre.
# Written by \`motcua service install\`; \`motcua service uninstall\` removes it. To change a setting,
# run \`motcua service install\` again with other options, or \`systemctl edit motcua\`.
[Unit]
Description=MotCua, the dossier desk of the one-stop public-service centre
Documentation=file://${o.root}/README.md
After=network-online.target
Wants=network-online.target
# A crash loop stops after 10 tries in 2 minutes (systemctl status then says so).
StartLimitIntervalSec=120
StartLimitBurst=10

[Service]
Type=notify
# Readiness comes from systemd-notify, a child of the server (server/ops/notify.ts).
NotifyAccess=all
User=${o.user}
Group=${o.user}
WorkingDirectory=${o.root}
Environment=NODE_ENV=production
Environment=MOTCUA_DATA=${o.dataDir}
Environment=MOTCUA_LOG_LEVEL=${o.logLevel}
${o.historyKey ? `Environment=MOTCUA_HISTORY_KEY_FILE=${word(o.historyKey)}\n` : ''}ExecStart=${word(o.node)} ${word(`${o.root}/bin/motcua.js`)} serve --host ${word(o.host)} --port ${o.port} --data-dir ${word(o.dataDir)}
Restart=on-failure
# Back within about two seconds of a crash (the start itself takes most of it).
RestartSec=200ms
TimeoutStartSec=60
# SIGTERM: the server closes its connections and the database cleanly (the last write checkpointed).
KillSignal=SIGTERM
TimeoutStopSec=30

${stateDirectory ? `StateDirectory=${stateDirectory}\nStateDirectoryMode=0700\n` : ''}UMask=0077
ReadWritePaths=${o.dataDir}
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
NoNewPrivileges=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
RestrictNamespaces=yes
LockPersonality=yes
# AF_NETLINK: listening on 0.0.0.0, Fastify lists the network interfaces (found under systemd: without
# it every start failed with uv_interface_addresses error 97).
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM
ProtectProc=invisible
RemoveIPC=yes
${lowPort ? 'CapabilityBoundingSet=CAP_NET_BIND_SERVICE\nAmbientCapabilities=CAP_NET_BIND_SERVICE' : 'CapabilityBoundingSet='}

# JSON lines, one per request, to the journal: journalctl -u motcua -o cat
StandardOutput=journal
StandardError=journal
SyslogIdentifier=motcua

[Install]
WantedBy=multi-user.target
`;
}

/** `/var/lib/motcua` → `motcua`; null outside /var/lib (StateDirectory= cannot name it). */
export function stateDirectoryOf(dataDir: string): string | null {
  return /^\/var\/lib\/([A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*)\/?$/.exec(dataDir)?.[1] ?? null;
}

/** Why the service could not run from this checkout, or null. ProtectHome=yes hides /home and /root. */
export function checkoutProblem(root: string): string | null {
  if (/^\/(home|root|run\/user)(\/|$)/.test(root)) {
    return `the checkout is under ${root.split('/').slice(0, 2).join('/')}, which the service cannot read (ProtectHome=yes): install MotCua in /opt/motcua (see README, "Installing as a service")`;
  }
  return null;
}
