/**
 * The API describes itself: /api/openapi.json (OpenAPI 3.1, made by @fastify/swagger from the routes'
 * own TypeBox schemas, so it cannot drift from what is validated and serialised) and /api/docs, a
 * readable reference (@fastify/swagger-ui: swagger-ui-dist's files served from this server, nothing
 * from a CDN, as a centre has no internet). Both are public: they describe the API, they hold no
 * personal data and no secret (what each route needs is enforced by the route, not by hiding it).
 *
 * The contracts of shared/contracts.ts keep their names: a route's schema that is one of them is
 * written as a `$ref` to `#/components/schemas/<name>` in the document only. Nothing here changes a
 * schema Fastify validates or serialises with.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import * as contracts from '../shared/contracts.ts';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PREFIX = '/api/docs';

type Json = Record<string, unknown>;

/** Answers that are files, not JSON: their content type, for the document. */
const FILE_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/\.pdf$|\/slips\/:kind$/, 'application/pdf'],
  [/\.csv$/, 'text/csv; charset=utf-8'],
  [/\.xlsx$/, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  [/^\/metrics$/, 'text/plain; version=0.0.4; charset=utf-8'],
];

const isSchema = (x: unknown): x is Json =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && ['type', 'anyOf', 'oneOf', 'allOf', 'enum', 'const'].some((k) => k in x);

/** A schema's text with its keys sorted: two schemas built alike compare equal whatever their objects. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x && typeof x === 'object') {
    return `{${Object.keys(x)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((x as Json)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x) ?? 'null';
}

/** The named contracts: their canonical text → name. The first name wins where two are alike. */
function namedContracts(): { byText: Map<string, string>; schemas: Record<string, Json> } {
  const byText = new Map<string, string>();
  const schemas: Record<string, Json> = {};
  for (const [name, value] of Object.entries(contracts)) {
    // A 204's `null` stays itself: the document then gives that answer no content.
    if (!isSchema(value) || value.type === 'null') continue;
    const text = canonical(value);
    if (byText.has(text)) continue;
    byText.set(text, name);
    schemas[name] = value;
  }
  return { byText, schemas };
}

/** A copy of `schema` with every named contract inside it (itself too, unless `keepTop`) as a `$ref`. */
function withRefs(schema: unknown, byText: Map<string, string>, keepTop = false): unknown {
  if (Array.isArray(schema)) return schema.map((x) => withRefs(x, byText));
  if (!schema || typeof schema !== 'object') return schema;
  if (!keepTop && isSchema(schema)) {
    const name = byText.get(canonical(schema));
    if (name) return { $ref: `#/components/schemas/${name}` };
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withRefs(v, byText)]));
}

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  const { byText, schemas } = namedContracts();
  const ErrorResponse = { $ref: '#/components/schemas/ErrorResponse' };
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MotCua API',
        version: '0.1.0',
        description:
          'The dossier desk of a one-stop public-service centre. Times are ISO 8601 with +07:00. Staff routes need the session cookie from POST /api/session; every error has the shape of ErrorResponse.',
      },
      components: { schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, withRefs(schema, byText, true) as Json])) },
    },
    // The document lists the API: /api/* and /metrics, not the screens' pages or static files.
    transform: ({ schema, url }) => {
      const shown = url.startsWith('/api/') || url === '/metrics';
      if (!shown || url === OPENAPI_PATH) return { schema: { ...schema, hide: true }, url };
      const response: Json = { ...((schema?.response as Json | undefined) ?? {}) };
      const file = FILE_TYPES.find(([pattern]) => pattern.test(url));
      if (file) response['200'] = { description: 'A file', content: { [file[1]]: { schema: { type: 'string', format: 'binary' } } } };
      if (url !== '/metrics') response['4XX'] = { description: 'Refused (the error code says why)', ...ErrorResponse };
      // Parameters (params, querystring) stay inline: the document lists them one by one.
      return { schema: { ...schema, ...(schema?.body ? { body: withRefs(schema.body, byText) } : {}), response: withRefs(response, byText) as Json }, url };
    },
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async (_request, reply) => reply.header('Cache-Control', 'no-cache').send(app.swagger()));
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // Nothing leaves the centre: no call to the online validator.
    uiConfig: { validatorUrl: null, deepLinking: true },
    staticCSP: false,
  });
}
