/**
 * Builds the Fastify app and never listens (main.ts does). Tests and production use this same
 * function, so they run the same plugins, hooks and error handling.
 *
 * Plugins in tiers: external (security headers, cookies, rate limits, static files) → app services
 * (built once from the database in services.ts) → routes, each given only the services it uses.
 */
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyHttpOptions, type FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { deepNfc, nestingExceeds } from '../shared/text.ts';
import { apologyRoutes } from './apologies/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { SESSION_COOKIE } from './auth/service.ts';
import { calendarRoutes } from './calendar/routes.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { systemClock } from './clock.ts';
import { type Config, makeConfig, trustedProxies } from './config.ts';
import { dossierRoutes } from './dossiers/routes.ts';
import { AppError, frameworkError, registerErrorHandling } from './errors.ts';
import type { BackupStatus } from './ops/health.ts';
import { type LogStream, loggerOptions } from './ops/logging.ts';
import { registerOps } from './ops/routes.ts';
import { registerApiDocs } from './openapi.ts';
import { type ServiceDeps, type Services, buildServices } from './services.ts';
import { kioskRoutes } from './kiosk/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { printingRoutes } from './printing/routes.ts';
import { readJson } from './supervision/read-json.ts';
import { type SupervisionReader, supervisionReader } from './supervision/reader.ts';
import { supervisionRoutes } from './supervision/routes.ts';
import { staffRoutes } from './staff/routes.ts';
import { trainingRoutes } from './training/routes.ts';

/** How deeply a request body may nest: ours nest three or four levels (an action's documents). */
const MAX_BODY_NESTING = 16;

export interface AppDeps extends ServiceDeps {
  /** Serve HTTPS with this key and certificate (PEM); main.ts loads them for `serve --https`. */
  readonly https?: { readonly key: string; readonly cert: string };
  readonly config?: Partial<Config>;
  /** Where the log's JSON lines go instead of stdout (tests read them). */
  readonly logStream?: LogStream;
  /** The backup engine's last success and error, for /api/health and /metrics (absent: not reported). */
  readonly backupStatus?: () => BackupStatus;
}

/** The supervisors' big reads: in a worker thread when the config says so and the database is a file. */
function supervisionReads(deps: AppDeps, config: Config, services: Services, log: FastifyBaseLogger): SupervisionReader {
  if (config.supervisionReadsInWorker && deps.db.name !== ':memory:' && !deps.db.memory) {
    return supervisionReader({ dbPath: deps.db.name, clock: services.clock, onFailure: (err) => log.error({ err }, 'supervision reader: the worker failed') });
  }
  const { supervision } = services;
  return {
    overview: async () => readJson('overview', supervision.overview()),
    summary: async (from, to) => readJson('summary', supervision.summary(from, to)),
    flags: async (from, to, options) => readJson('flags', supervision.flags(from, to, options)),
    scores: async (period, options) => readJson('scores', supervision.scores(period, options)),
    warnings: async () => readJson('warnings', supervision.warnings()),
    kiosk: async (query) => readJson('kiosk', supervision.kiosk(query)),
    start: () => {},
    close: async () => {},
  };
}

// /cong-khai ("public"): the apology board on a phone, like /k/<key> a public page without a login.
const UI_ROUTES = ['/kiosk', '/counter', '/supervisor', '/admin', '/cong-khai'];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const config = makeConfig(deps.config ?? {});
  const app = Fastify({
    // Typed as the plain HTTP server it is by default: routes, hooks and inject() are the same over
    // TLS, and the rest of the code never touches the raw server.
    ...((deps.https ? { https: { key: deps.https.key, cert: deps.https.cert } } : {}) as FastifyHttpOptions<Server>),
    // One JSON line per request with the route's pattern, never its address (server/ops/logging.ts).
    ...loggerOptions(config.logLevel, deps.logStream),
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    frameworkErrors: frameworkError,
    // Only the listed proxies' X-Forwarded-For is believed (config.trustProxy); none by default.
    ...(config.trustProxy.length ? { trustProxy: trustedProxies(config.trustProxy) } : {}),
    ajv: {
      // No coercion: a number where a name belongs is the caller's mistake, reported, not "fixed".
      // No silent removal of unknown fields: a field the clerk typed is never dropped without a word.
      customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  // /api/openapi.json and /api/docs (server/openapi.ts): first, so the document sees every route.
  await registerApiDocs(app);
  // Before every route: the one log line per request and its metrics, /api/health, /metrics.
  registerOps(app, { db: deps.db, clock: deps.clock ?? systemClock, config, ...(deps.backupStatus ? { backupStatus: deps.backupStatus } : {}) });
  // JSON only: Fastify would otherwise accept text/plain as a string and report a confusing type error.
  app.removeContentTypeParser('text/plain');

  // ——— external plugins ———
  // Security headers from helmet, built once: @fastify/helmet rebuilds helmet's middleware (and
  // re-parses the CSP) on every request, which cost a third of a kiosk lookup's time.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        // Centres run on plain http inside their LAN; upgrading to https would break every screen.
        upgradeInsecureRequests: null,
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        frameSrc: ["'self'"],
        objectSrc: ["'self'"],
      },
    },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(cookie);
  await app.register(rateLimit, { global: false });

  // ——— app services ———
  const services = buildServices(deps, config, app.log);
  // Build the calendar now: a broken data/calendar file stops the server at start-up with its
  // message, instead of failing the first intake of the morning.
  services.catalogue.calendar();
  // The kiosk's lookup records still waiting for their batch go in before the caller closes the database.
  app.addHook('onClose', async () => services.kiosk.flushRecords());
  const reads = supervisionReads(deps, config, services, app.log);
  app.addHook('onClose', async () => reads.close());
  app.addHook('onListen', async () => reads.start());
  // A listening server (not a test's inject) counts the supervisors' past figures in the background.
  let warm: Promise<unknown> = Promise.resolve();
  app.addHook('onListen', async () => {
    warm = services.supervision.warmUp().catch((err: unknown) => app.log.warn({ err }, 'supervision figures: background counting stopped'));
  });
  app.addHook('preClose', async () => {
    services.supervision.stopWarmUp();
    await warm;
  });
  app.decorateRequest('staff', null);
  app.addHook('onRequest', async (request) => {
    request.staff = services.auth.staffForToken(request.cookies[SESSION_COOKIE]);
  });
  // Vietnamese arrives composed or decomposed depending on the keyboard: one form (NFC) from here on.
  // No request of ours nests deeper than a few levels: a body nested thousands deep is refused before
  // anything walks it (it used to overflow the stack: a 500 on every body route).
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined) return;
    if (nestingExceeds(request.body, MAX_BODY_NESTING)) throw new AppError('BAD_REQUEST', { maxNesting: MAX_BODY_NESTING }, 'Dữ liệu gửi lên lồng nhau quá sâu. (The request body is nested too deeply.)');
    request.body = deepNfc(request.body);
  });

  // ——— routes ———
  // Each plugin gets only the services it uses.
  const { auth, catalogue, dossiers, receipts, actions, idempotency, kiosk, apologies, supervision, reports, printing, staff, training } = services;
  await app.register(authRoutes, { auth, loginPerMinute: config.loginAttemptsPerMinute });
  await app.register(catalogueRoutes, { catalogue });
  await app.register(dossierRoutes, { dossiers, receipts, actions, idempotency });
  await app.register(kioskRoutes, { kiosk, perMinute: config.kioskLookupsPerMinute, clock: deps.clock ?? systemClock });
  await app.register(apologyRoutes, { apologies, perMinute: config.kioskLookupsPerMinute });
  await app.register(supervisionRoutes, { supervision, dossiers, reads });
  await app.register(reportRoutes, { reports });
  await app.register(calendarRoutes, { catalogue });
  await app.register(printingRoutes, { printing });
  await app.register(staffRoutes, { staff });
  await app.register(trainingRoutes, { training });

  if (existsSync(join(config.uiDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: config.uiDir,
      index: false,
      cacheControl: false,
      setHeaders(res, path) {
        // Vite names assets by content hash: they never change, so browsers may keep them for a year.
        res.header('Cache-Control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.get('/', (_request, reply) => reply.redirect('/kiosk'));
    // The address a receipt's QR code carries: the kiosk's view on the citizen's own phone, which
    // looks the key up. The key stays in the address so a reload or a bookmark shows the dossier again.
    // Anything but a clean run of digits is sent to its digits (no more than a key has), so the
    // address cannot be steered elsewhere.
    app.get<{ Params: { key: string } }>('/k/:key', (request, reply) => {
      const key = request.params.key.replace(/\D/g, '').slice(0, 16);
      if (key !== request.params.key) return reply.header('Cache-Control', 'no-store').redirect(key ? `/k/${key}` : '/kiosk');
      // The same page as /kiosk (no dossier in it: the page asks the API, which is never cached).
      return reply.sendFile('index.html');
    });
    for (const route of UI_ROUTES) app.get(route, (_request, reply) => reply.header('Cache-Control', 'no-cache').sendFile('index.html'));
  } else {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('MotCua API is running, but the screens are not built: run `npm run build`.'),
    );
  }
  return app;
}
