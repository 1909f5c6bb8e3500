import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CYPHER_DIR } from '../db/queries.ts';
import { RingscopeError } from '../errors.ts';
import {
  MIN_RULE_INTERVAL_SECONDS,
  PARAMETER_TYPES,
  QUERY_NAME,
  QueryDefinitionError,
  type QueryHeader,
  renderHeader,
  SUBJECT_TYPES,
} from './header.ts';
import {
  defineQuery,
  findQuery,
  LIBRARY_PREFIX,
  libraryQueries,
  type QueryRuntime,
  type SavedQuery,
} from './library.ts';
import { explainQuery } from './run-query.ts';

const parameterInput = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a Cypher parameter name'),
  type: z.enum(PARAMETER_TYPES),
  description: z.string().trim().min(1, 'a description').max(500),
  default: z.unknown().optional(),
  required: z.boolean(),
  min: z.number().nullish(),
  max: z.number().nullish(),
});

/** What an analyst submits: the header's fields and the Cypher that follows it. */
export const saveQueryInput = z.object({
  name: QUERY_NAME,
  title: z.string().trim().min(3).max(120),
  description: z.string().trim().min(1).max(4000),
  returns: z.enum(['table', 'graph']),
  tags: z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case tag')).max(20),
  parameters: z.array(parameterInput).max(30),
  cypher: z.string().trim().min(1, 'the Cypher text').max(20_000),
  rule: z
    .object({
      trigger: z.enum(['on-new-orders', 'schedule']),
      everySeconds: z.number().int().min(MIN_RULE_INTERVAL_SECONDS).nullish(),
      subjectType: z.enum(SUBJECT_TYPES),
      subjectColumn: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a column name'),
      evidence: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a column name')).max(20),
      key: z
        .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a column name'))
        .max(10)
        .nullish(),
      summary: z.string().trim().max(500).nullish(),
    })
    .nullish(),
});
export type SaveQueryInput = z.input<typeof saveQueryInput>;

function toHeader(input: z.output<typeof saveQueryInput>): QueryHeader {
  const rule = input.rule;
  if (rule && rule.trigger === 'schedule' && !rule.everySeconds) {
    throw new QueryDefinitionError(
      input.name,
      'a scheduled rule needs everySeconds (at least 60).',
    );
  }
  return {
    name: input.name,
    title: input.title,
    description: input.description.replace(/\s+/g, ' '),
    returns: input.returns,
    tags: input.tags,
    parameters: input.parameters.map((parameter) => ({
      name: parameter.name,
      type: parameter.type,
      description: parameter.description.replace(/\s+/g, ' '),
      default: parameter.required ? null : (parameter.default ?? null),
      required: parameter.required,
      min: parameter.min ?? null,
      max: parameter.max ?? null,
    })),
    rule: rule
      ? {
          trigger:
            rule.trigger === 'on-new-orders'
              ? { kind: 'on-new-orders' }
              : { kind: 'schedule', everySeconds: rule.everySeconds ?? 0 },
          subject: { type: rule.subjectType, column: rule.subjectColumn },
          evidence: rule.evidence,
          key: rule.key ?? [],
          summary: rule.summary ? rule.summary.replace(/\s+/g, ' ') : null,
        }
      : null,
  };
}

/**
 * Validates and stores an analyst's query as a new version: the input's shape, the header it
 * renders to, every `$parameter` declared, no clash with a library file, and an EXPLAIN in a
 * read transaction that must plan it as a read query. The stored text is the file `promote`
 * writes.
 */
export async function saveQuery(
  runtime: QueryRuntime,
  input: unknown,
  author: string,
): Promise<SavedQuery> {
  const parsed = saveQueryInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    const name = (input as { name?: unknown } | null)?.name;
    throw new QueryDefinitionError(
      typeof name === 'string' ? name : '(unnamed)',
      `${issues.join('; ')}.`,
    );
  }
  const header = toHeader(parsed.data);
  if (libraryQueries(runtime.db.queries).some((query) => query.name === header.name)) {
    throw new QueryDefinitionError(
      header.name,
      `the library file cypher/${LIBRARY_PREFIX}${header.name}.cypher has this name; choose another.`,
    );
  }
  const text = `${renderHeader(header)}\n\n${parsed.data.cypher}\n`;
  const query = defineQuery(header.name, text, {
    source: 'user',
    version: 0,
    author,
    updatedAt: null,
  });
  const queryType = await explainQuery(runtime, query);
  if (queryType !== 'r') {
    throw new RingscopeError(
      'QUERY_WRITE_REFUSED',
      `Query ${header.name} would change the database (Neo4j plans it as query type "${queryType}"); saved queries must only read.`,
    );
  }
  const [stored] = await runtime.db.write<{
    name: string;
    version: number;
    author: string;
    text: string;
    updatedAt: string;
  }>('saved/save-query', { name: header.name, text, author });
  if (!stored) throw new Error(`saved/save-query returned no row for ${header.name}`);
  return { ...query, version: stored.version, updatedAt: stored.updatedAt };
}

/** The version history of a user-saved query, newest first (empty for library files). */
export async function queryVersions(runtime: QueryRuntime, name: string) {
  return runtime.db.read<{ version: number; author: string; text: string; savedAt: string }>(
    'saved/query-versions',
    { name },
  );
}

/**
 * Writes a user-saved query into the library as `cypher/queries/NAME.cypher` (text as stored,
 * so it runs the same), refusing to overwrite a file. Returns the file's path.
 */
export async function promoteQuery(
  runtime: QueryRuntime,
  name: string,
  dir = path.join(CYPHER_DIR, LIBRARY_PREFIX),
): Promise<string> {
  const query = await findQuery(runtime, name);
  if (query?.source !== 'user') {
    throw new RingscopeError(
      'QUERY_NOT_FOUND',
      query
        ? `Query ${name} is already a library file.`
        : `No user-saved query is named "${name}"; \`ringscope query\` lists them.`,
    );
  }
  if (query.title.split(/\s+/).length < 4) {
    throw new QueryDefinitionError(
      name,
      `library files open with a title of at least 4 words (it states the purpose); "${query.title}" is shorter. Save a new version with a longer title, then promote.`,
    );
  }
  const file = path.join(dir, `${name}.cypher`);
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(file, query.text.endsWith('\n') ? query.text : `${query.text}\n`, {
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new RingscopeError('QUERY_EXISTS', `${file} already exists; remove it first.`);
    }
    throw error;
  }
  return file;
}
