import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.ts';
import { createContext, findApiKey, type GraphQLContext } from './context.ts';
import type { Db } from './db/run.ts';
import { ApiError, UnauthenticatedError } from './errors.ts';
import { schema } from './schema/index.ts';

/** Document limits: Relay connections spend two levels per hop, so depth is looser than armor's 6. */
export const LIMITS = { depth: 12, aliases: 15, cost: 5000, tokens: 2000, directives: 20 } as const;

/** Armor's rejections (depth, aliases, cost, tokens, directives) as BAD_USER_INPUT with status 400. */
function rejectAsBadInput(_context: unknown, error: GraphQLError): never {
  throw new ApiError('BAD_USER_INPUT', error.message.replace(/^Syntax Error: /, ''), 400);
}

export type RingscopeYoga = YogaServerInstance<Record<string, never>, GraphQLContext>;

/**
 * The API without a listening socket: Yoga over the Pothos schema, every `/graphql` request
 * authenticated by `Authorization: Bearer KEY` (keys and roles from config), `/health` open,
 * errors masked, document limits from graphql-armor.
 */
export function createServer({ db, config }: { db: Db; config: Config }): RingscopeYoga {
  const development = config.env === 'development';
  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: development,
    logging: config.env === 'test' ? false : 'info',
    // Unexpected errors become "Unexpected error." in every environment: no stack, no Cypher.
    maskedErrors: { isDev: false },
    context: ({ request }) => {
      const key = findApiKey(request.headers.get('authorization'), config.apiKeys);
      if (!key) {
        throw new UnauthenticatedError(
          'Send a configured API key as `Authorization: Bearer KEY` (RINGSCOPE_API_KEYS).',
        );
      }
      return createContext(db, key);
    },
    plugins: [
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
