import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useBodyLimit } from './body-limit.ts';
import type { Config } from './config.ts';
import { createContext, findApiKey, type GraphQLContext } from './context.ts';
import type { Db } from './db/run.ts';
import { ApiError, ForbiddenError, UnauthenticatedError } from './errors.ts';
import { createQueryRuntime } from './queries/library.ts';
import { schema } from './schema/index.ts';
import { CSRF_HEADER } from './web/cookies.ts';
import { sessionKey, useWebApp } from './web/routes.ts';
import type { SessionStore } from './web/sessions.ts';

/** Document limits: Relay connections spend two levels per hop, so depth is looser than armor's 6. */
export const LIMITS = {
  depth: 12,
  aliases: 15,
  cost: 5000,
  tokens: 2000,
  directives: 20,
  // 1,000 ids of 200 characters with the document fit; Yoga's default is 25 MB.
  bodyBytes: 1_000_000,
} as const;

/** Armor's rejections (depth, aliases, cost, tokens, directives) as BAD_USER_INPUT with status 400. */
function rejectAsBadInput(_context: unknown, error: GraphQLError): never {
  throw new ApiError('BAD_USER_INPUT', error.message.replace(/^Syntax Error: /, ''), 400);
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

/** The key of a request: its Bearer key, else its session cookie (with the CSRF header). */
function authenticate(request: Request, config: Config, sessions: SessionStore | undefined) {
  const bearer = findApiKey(request.headers.get('authorization'), config.apiKeys);
  if (bearer) return bearer;
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
 * session cookie, `/health` open, errors masked, document limits from graphql-armor; with
 * sessions, the web app and its sign-in routes on the same origin.
 */
export function createServer({ db, config, sessions, webDir }: ServerOptions): RingscopeYoga {
  const development = config.env === 'development';
  const queries = createQueryRuntime(db, config);
  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // useBodyLimit below checks the declared size instead of counting a copied stream.
    maxRequestBodySize: false,
    graphiql: development,
    logging: config.env === 'test' ? false : 'info',
    // Cross-origin callers may use Bearer keys, never the session cookie.
    cors: { credentials: false },
    // Unexpected errors become "Unexpected error." in every environment: no stack, no Cypher.
    maskedErrors: { isDev: false },
    context: ({ request }) => createContext(db, authenticate(request, config, sessions), queries),
    plugins: [
      useBodyLimit(LIMITS.bodyBytes),
      ...(sessions ? [useWebApp({ keys: config.apiKeys, sessions, webDir })] : []),
      EnvelopArmorPlugin({
        maxDepth: { n: LIMITS.depth, onReject: [rejectAsBadInput] },
        maxAliases: { n: LIMITS.aliases, onReject: [rejectAsBadInput] },
        costLimit: { maxCost: LIMITS.cost, onReject: [rejectAsBadInput] },
        maxTokens: { n: LIMITS.tokens, onReject: [rejectAsBadInput] },
        maxDirectives: { n: LIMITS.directives, onReject: [rejectAsBadInput] },
        blockFieldSuggestion: { enabled: !development },
      }),
    ],
  });
}
