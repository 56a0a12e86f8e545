/**
 * The server's log: Fastify's own logger (pino), JSON lines on stdout (the journal, under systemd).
 *
 * One line per request, written when the answer has gone: the route's PATTERN
 * (`/api/kiosk/lookup/:query`), never the address as asked — a lookup key, a dossier code or a
 * name in a query string never reaches the log — with the method, the status and the time taken.
 * No client address, no header, no body. Fastify's own pair of lines per request ("incoming
 * request" with the URL and the client's address, "request completed") is switched off.
 * Errors are logged where they are handled (server/errors.ts): a 500 with its stack.
 */
import { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import type { LogLevel } from '../config.ts';

/** Where log lines go instead of stdout (tests read them). */
export interface LogStream {
  write(line: string): void;
}

/** The route pattern a request matched, or `(unmatched)`: never the URL itself. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? '(unmatched)';
}

/** Fastify's `logger` and `logController` options for an app. */
export function loggerOptions(level: LogLevel, stream?: LogStream): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  return {
    logger: {
      level,
      ...(stream ? { stream } : {}),
      // Nothing logs a request or a reply object today; should anything start to, its headers
      // (session cookies) stay out.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
    // Fastify's own lines per request (with the URL and the client's address) off: logRequests writes the one line.
    logController: new LogController({ disableRequestLogging: true }),
  };
}

/** The answered request, as the log line and the metrics see it. */
export interface Answered {
  readonly route: string;
  readonly method: string;
  readonly status: number;
  /** Milliseconds from the request's arrival to the answer's end. */
  readonly ms: number;
}

/** Logs one line per answered request and hands the same facts to `also` (the metrics). */
export function logRequests(app: FastifyInstance, also: (answered: Answered) => void = () => {}): void {
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const answered: Answered = { route: routeOf(request), method: request.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 };
    request.log.info(answered, 'request');
    also(answered);
    done();
  });
}
