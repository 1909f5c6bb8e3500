import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey, ApiRole } from './config.ts';
import type { Db, Params } from './db/run.ts';
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

/** Finds the key of `Authorization: Bearer KEY`; undefined when absent or unknown. */
export function findApiKey(
  authorization: string | null,
  keys: readonly ApiKey[],
): ApiKey | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match ? findKey(match[1] ?? '', keys) : undefined;
}

/** The configured key equal to `value`; undefined when none is. */
export function findKey(value: string, keys: readonly ApiKey[]): ApiKey | undefined {
  // Compare digests in constant time so response timing does not leak how much of a key matched.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const given = digest(value);
  return keys.find((candidate) => timingSafeEqual(digest(candidate.key), given));
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
