import type { ApiKey, ApiRole } from './config.ts';
import type { Db, Params } from './db/run.ts';
import { sha256 } from './digest.ts';
import { toApiError } from './errors.ts';
import type { QueryRuntime } from './queries/library.ts';

/** Who is asking: the configured key's name (recorded as author) and its role. */
export type Principal = Readonly<{ name: string; role: ApiRole }>;

export type GraphQLContext = {
  principal: Principal;
  /** A read-only named query from `cypher/api/`, its failures turned into API errors. */
  read<T>(name: string, params?: Params): Promise<T[]>;
  /** A write query from `cypher/api/` in its own transaction. */
  write<T>(name: string, params?: Params): Promise<T[]>;
  /** Saved queries and alerts: Cypher outside `cypher/api/`, with their own time and row limits. */
  queries: QueryRuntime;
};

/**
 * The credentials of an `Authorization: Bearer …` header, trimmed (empty when none follow the
 * scheme); undefined when the header is absent or uses another scheme, such as a proxy's Basic.
 */
export function bearerCredentials(authorization: string | null): string | undefined {
  const match = /^Bearer(?:\s+(.*))?$/is.exec(authorization ?? '');
  return match ? (match[1] ?? '').trim() : undefined;
}

/** Configured keys by digest, built once per key list (the config is frozen). */
const keysByDigest = new WeakMap<readonly ApiKey[], ReadonlyMap<string, ApiKey>>();

/** The configured key equal to `value`; undefined when none is. */
export function findKey(value: string, keys: readonly ApiKey[]): ApiKey | undefined {
  // Looked up by SHA-256 digest: how long the lookup takes depends on how much of the digests
  // match, which tells nothing about how much of a key did; one hash per request, not one per key.
  let index = keysByDigest.get(keys);
  if (!index) {
    index = new Map(keys.map((key) => [sha256(key.key), key]));
    keysByDigest.set(keys, index);
  }
  return index.get(sha256(value));
}

export function createContext(db: Db, key: ApiKey, queries: QueryRuntime): GraphQLContext {
  return {
    queries,
    principal: Object.freeze({ name: key.name, role: key.role }),
    read: async <T>(name: string, params: Params = {}) => {
      try {
        return await db.read<T>(`api/${name}`, params);
      } catch (error) {
        throw toApiError(error);
      }
    },
    write: async <T>(name: string, params: Params = {}) => {
      try {
        return await db.write<T>(`api/${name}`, params);
      } catch (error) {
        throw toApiError(error);
      }
    },
  };
}
