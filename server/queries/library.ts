import type { Config } from '../config.ts';
import type { QueryRegistry } from '../db/queries.ts';
import type { Db } from '../db/run.ts';
import { RingscopeError } from '../errors.ts';
import { forbiddenClauses, usedParameters } from './cypher-text.ts';
import { bodyOf, parseHeader, QueryDefinitionError, type QueryHeader } from './header.ts';
import { checkDefaults } from './params.ts';

/** A query of the library (`cypher/queries/NAME.cypher`) or one an analyst saved in Neo4j. */
export type SavedQuery = QueryHeader & {
  source: 'file' | 'user';
  /** 1 for files; increases with every save of a user query. */
  version: number;
  author: string | null;
  /** Header and Cypher as stored: runs unchanged in Neo4j Browser after `:param`. */
  text: string;
  /** The Cypher after the header. */
  body: string;
  updatedAt: string | null;
};

/** Where saved queries run, with the limits every run gets (from config). */
export type QueryRuntime = Readonly<{ db: Db; timeoutMs: number; rowLimit: number }>;

/** Parses the file library now, not on first use, so a broken file stops the server at start. */
export function createQueryRuntime(db: Db, config: Config): QueryRuntime {
  libraryQueries(db.queries);
  return Object.freeze({ db, ...config.savedQueries });
}

export const LIBRARY_PREFIX = 'queries/';

/**
 * Parses and checks a query: a sane header, parameter defaults that fit their declarations,
 * Cypher after the header without clauses that reach outside the graph (`forbiddenClauses`),
 * every `$parameter` it uses declared (and every declared one used),
 * and, for alert rules, a default for every parameter (rules run unattended).
 */
export function defineQuery(
  name: string,
  text: string,
  origin: Pick<SavedQuery, 'source' | 'version' | 'author' | 'updatedAt'>,
): SavedQuery {
  const header = parseHeader(text, name);
  checkDefaults(header);
  const body = bodyOf(text);
  if (body === '') {
    throw new QueryDefinitionError(name, 'there is no Cypher after the header.');
  }
  const forbidden = forbiddenClauses(body);
  if (forbidden.length > 0) {
    throw new QueryDefinitionError(name, `saved queries may not use ${forbidden.join('; ')}.`);
  }
  const declared = new Set(header.parameters.map((parameter) => parameter.name));
  const used = usedParameters(body);
  const undeclared = used.filter((parameter) => !declared.has(parameter));
  if (undeclared.length > 0) {
    throw new QueryDefinitionError(
      name,
      `the Cypher uses ${undeclared.map((p) => `$${p}`).join(', ')} without declaring it; add \`// param: $${undeclared[0]} TYPE [= default] - description\` to the header.`,
    );
  }
  const unused = [...declared].filter((parameter) => !used.includes(parameter));
  if (unused.length > 0) {
    throw new QueryDefinitionError(
      name,
      `the header declares ${unused.map((p) => `$${p}`).join(', ')} but the Cypher never uses it.`,
    );
  }
  if (header.rule) {
    const required = header.parameters.filter((parameter) => parameter.required);
    if (required.length > 0) {
      throw new QueryDefinitionError(
        name,
        `an alert rule runs unattended, so every parameter needs a default; $${required[0]?.name} has none.`,
      );
    }
  }
  return { ...header, ...origin, text, body };
}

const libraries = new WeakMap<QueryRegistry, SavedQuery[]>();

/** The file library, parsed once per registry; a broken file fails loudly, naming itself. */
export function libraryQueries(registry: QueryRegistry): SavedQuery[] {
  let queries = libraries.get(registry);
  if (!queries) {
    queries = registry
      .names()
      .filter((name) => name.startsWith(LIBRARY_PREFIX))
      .map((name) =>
        defineQuery(name.slice(LIBRARY_PREFIX.length), registry.get(name).text, {
          source: 'file',
          version: 1,
          author: null,
          updatedAt: null,
        }),
      );
    libraries.set(registry, queries);
  }
  return queries;
}

type StoredQuery = {
  name: string;
  version: number;
  author: string;
  text: string;
  updatedAt: string;
};

function fromStore(row: StoredQuery): SavedQuery {
  return defineQuery(row.name, row.text, {
    source: 'user',
    version: row.version,
    author: row.author,
    updatedAt: row.updatedAt,
  });
}

/** A stored query whose text no longer passes defineQuery (tampered, or saved under older rules). */
export type BrokenQuery = { name: string; text: string; error: string };

/**
 * Every query, library files and user-saved ones, and the stored ones that no longer validate.
 * A promoted query stays stored (its history); the library file is what runs.
 */
export async function loadQueries(
  runtime: QueryRuntime,
): Promise<{ queries: SavedQuery[]; broken: BrokenQuery[] }> {
  const library = libraryQueries(runtime.db.queries);
  const names = new Set(library.map((query) => query.name));
  const queries = [...library];
  const broken: BrokenQuery[] = [];
  for (const row of await runtime.db.read<StoredQuery>('saved/list-queries')) {
    if (names.has(row.name)) continue;
    try {
      queries.push(fromStore(row));
    } catch (error) {
      if (!(error instanceof QueryDefinitionError)) throw error;
      broken.push({ name: row.name, text: row.text, error: error.message });
    }
  }
  return { queries: queries.sort((a, b) => a.name.localeCompare(b.name)), broken };
}

/**
 * Every valid query by name; `tag` keeps those tagged with it. Broken stored ones are left out
 * of the list; running one by name reports why, and evaluateRules reports broken rules.
 */
export async function listQueries(runtime: QueryRuntime, tag?: string): Promise<SavedQuery[]> {
  const { queries } = await loadQueries(runtime);
  return queries.filter((query) => tag === undefined || query.tags.includes(tag));
}

export async function findQuery(runtime: QueryRuntime, name: string): Promise<SavedQuery | null> {
  const file = libraryQueries(runtime.db.queries).find((query) => query.name === name);
  if (file) return file;
  const [stored] = await runtime.db.read<StoredQuery>('saved/get-query', { name });
  return stored ? fromStore(stored) : null;
}

export async function getQuery(runtime: QueryRuntime, name: string): Promise<SavedQuery> {
  const query = await findQuery(runtime, name);
  if (!query) {
    throw new RingscopeError(
      'QUERY_NOT_FOUND',
      `No saved query is named "${name}"; \`ringscope query\` lists them.`,
    );
  }
  return query;
}
