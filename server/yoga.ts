import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { PothosValidationError } from '@pothos/core';
// 'graphql/index.js', not 'graphql': the copy Yoga checks errors against, also under Vite.
import { GraphQLError } from 'graphql/index.js';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { useBodyLimit } from './body-limit.ts';
import type { Config } from './config.ts';
import { bearerCredentials, createContext, findKey, type GraphQLContext } from './context.ts';
import type { Db } from './db/run.ts';
import { ApiError, ForbiddenError, UnauthenticatedError } from './errors.ts';
import { useMediaTypeError } from './media-type.ts';
import { createQueryRuntime } from './queries/library.ts';
import { useReadiness } from './readiness.ts';
import { schema } from './schema/index.ts';
import { useVariablePageCost } from './variable-cost.ts';
import { CSRF_HEADER } from './web/cookies.ts';
import { sessionKey, useWebApp } from './web/routes.ts';
import type { SessionStore } from './web/sessions.ts';

/** Document limits: Relay connections spend two levels per hop, so depth is looser than armor's 6. */
export const LIMITS = {
  depth: 12,
  aliases: 15,
  // Armor's cost multiplies a connection's subtree by a literal `first`. The heaviest document
  // the API is meant to answer in one call, a ring with every field, members and reasons,
  // 100 orders (each field, cursors, pageInfo) and timeline, costs 7,685; a page of 100 ring
  // summaries with totalCount 6,238. 10,000 admits either with room for a few more fields and
  // still refuses a second such ring in the same document (15,370) or a page of rings each with
  // a page of orders (777,538 in the test). A `first` given as a variable is priced once the
  // variables are known (variable-cost.ts); pages above 100 are refused by the resolvers.
  cost: 10_000,
  tokens: 2000,
  directives: 20,
  // 1,000 ids of 200 characters with the document fit; Yoga's default is 25 MB.
  bodyBytes: 1_000_000,
} as const;

/** Armor's rejections (depth, aliases, cost, tokens, directives) as BAD_USER_INPUT with status 400. */
function rejectAsBadInput(_context: unknown, error: GraphQLError): never {
  throw new ApiError('BAD_USER_INPUT', error.message.replace(/^Syntax Error: /, ''), 400);
}

const GRAPHQL_PATH = '/graphql';

const COST_LIMIT = { maxCost: LIMITS.cost, onReject: [rejectAsBadInput] };

/** Whether Pothos raised `error` (or what it wraps) refusing an argument, e.g. a bad cursor. */
function fromPothosValidation(error: Error): boolean {
  for (let cause: unknown = error; cause instanceof Error; ) {
    if (cause instanceof PothosValidationError) return true;
    cause = cause instanceof GraphQLError ? cause.originalError : undefined;
  }
  return false;
}

/**
 * Yoga's error mask, then a code for each error it lets through without one. What it lets
 * through are GraphQLErrors and ours all carry a code, so a codeless one is graphql-js or Pothos
 * refusing the request (a variable of the wrong type, a null inside `[ID!]`, a cursor the relay
 * plugin cannot decode): BAD_USER_INPUT. A codeless error graphql-js raises about a field's
 * resolved value (an enum it cannot serialize, a list that is not one) is the server's fault and
 * is masked like any other.
 */
export function maskApiError(error: unknown, message: string, isDev?: boolean): Error {
  const masked = maskError(error, message, isDev);
  if (masked !== error || !(masked instanceof GraphQLError) || masked.extensions.code != null) {
    return masked;
  }
  if (masked.path === undefined || fromPothosValidation(masked)) {
    // Set in place, as Yoga's own plugins set GRAPHQL_VALIDATION_FAILED: Yoga logs every error a
    // mask replaces as a server failure, and this one is the client's.
    masked.extensions.code = 'BAD_USER_INPUT';
    return masked;
  }
  return maskError(
    new GraphQLError(masked.message, {
      nodes: masked.nodes,
      source: masked.source,
      positions: masked.positions,
      path: masked.path,
      originalError: new Error(masked.message),
    }),
    message,
    isDev,
  );
}

export type RingscopeYoga = YogaServerInstance<Record<string, never>, GraphQLContext>;

export type ServerOptions = {
  db: Db;
  config: Config;
  /** Browser sessions (cookie sign-in); without them only Bearer keys authenticate. */
  sessions?: SessionStore;
  /** The built web app to serve at `/`; undefined serves no pages. */
  webDir?: string;
};

/**
 * The key of a request: its Bearer key, else its session cookie (with the CSRF header). A request
 * that sends a Bearer key stands or falls by it: a wrong key is refused even beside a valid
 * cookie, so a service with a revoked key finds out instead of riding a browser's session.
 * Another scheme (a proxy's Basic credentials, sent by the browser on every request) is not ours.
 */
function authenticate(request: Request, config: Config, sessions: SessionStore | undefined) {
  const credentials = bearerCredentials(request.headers.get('authorization'));
  if (credentials !== undefined) {
    const bearer = findKey(credentials, config.apiKeys);
    if (bearer) return bearer;
    throw new UnauthenticatedError(
      'The Authorization header holds no configured API key: send `Authorization: Bearer KEY` with a key of RINGSCOPE_API_KEYS.',
    );
  }
  const session = sessions && sessionKey(request, sessions);
  if (session && request.headers.get(CSRF_HEADER) === null) {
    throw new ForbiddenError(
      `A request signed in by cookie must send the ${CSRF_HEADER} header (the web app does).`,
    );
  }
  if (session) return session;
  throw new UnauthenticatedError(
    'Send a configured API key as `Authorization: Bearer KEY` (RINGSCOPE_API_KEYS), or sign in to the web app.',
  );
}

/**
 * The API without a listening socket: Yoga over the Pothos schema, every `/graphql` request
 * authenticated by `Authorization: Bearer KEY` (keys and roles from config) or by a web app
 * session cookie, `/health` and `/ready` open, errors masked, document limits from graphql-armor; with
 * sessions, the web app and its sign-in routes on the same origin.
 */
export function createServer({ db, config, sessions, webDir }: ServerOptions): RingscopeYoga {
  const development = config.env === 'development';
  const queries = createQueryRuntime(db, config);
  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: '/health',
    landingPage: false,
    // useBodyLimit below checks the declared size instead of counting a copied stream.
    maxRequestBodySize: false,
    graphiql: development,
    logging: config.env === 'test' ? false : 'info',
    // Cross-origin callers may use Bearer keys, never the session cookie.
    cors: { credentials: false },
    // Unexpected errors become "Unexpected error." in every environment: no stack, no Cypher;
    // every error a client can cause carries a code.
    maskedErrors: { isDev: false, maskError: maskApiError },
    context: ({ request }) => createContext(db, authenticate(request, config, sessions), queries),
    plugins: [
      useReadiness(db),
      useBodyLimit(LIMITS.bodyBytes),
      useMediaTypeError(GRAPHQL_PATH),
      ...(sessions ? [useWebApp({ keys: config.apiKeys, sessions, webDir })] : []),
      EnvelopArmorPlugin({
        maxDepth: { n: LIMITS.depth, onReject: [rejectAsBadInput] },
        maxAliases: { n: LIMITS.aliases, onReject: [rejectAsBadInput] },
        costLimit: COST_LIMIT,
        maxTokens: { n: LIMITS.tokens, onReject: [rejectAsBadInput] },
        maxDirectives: { n: LIMITS.directives, onReject: [rejectAsBadInput] },
        blockFieldSuggestion: { enabled: !development },
      }),
      useVariablePageCost(COST_LIMIT),
    ],
  });
}
