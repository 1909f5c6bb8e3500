import { readConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/run.ts';
import { createServer, type RingscopeYoga } from '../../server/yoga.ts';

/** Keys of the test server, one per role (a key must be 16+ characters). */
export const KEYS = {
  investigator: 'test-investigator-key-0001',
  analyst: 'test-analyst-key-000000001',
  service: 'test-service-key-000000001',
} as const;

export type Role = keyof typeof KEYS;

/** The real schema and Yoga pipeline over `db`, with one key per role (`alice` investigates). */
export function createTestServer(db: Db): RingscopeYoga {
  const config = readConfig({
    NODE_ENV: 'test',
    RINGSCOPE_API_KEYS: `${KEYS.investigator}:investigator:alice,${KEYS.analyst}:analyst,${KEYS.service}:service`,
  });
  return createServer({ db, config });
}

export type GraphQLBody = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
};

/**
 * Runs a document through `yoga.fetch` (no socket) as `role`; `role: null` sends no key.
 * Returns the status and parsed body.
 */
export async function execute(
  yoga: RingscopeYoga,
  query: string,
  variables: Record<string, unknown> = {},
  role: Role | null = 'investigator',
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLBody }> {
  const response = await yoga.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(role ? { authorization: `Bearer ${KEYS[role]}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody };
}

/** The error codes of a response, in order. */
export function codes(body: GraphQLBody): unknown[] {
  return (body.errors ?? []).map((error) => error.extensions?.code);
}
