import type { NeighborhoodRecord } from '../db/records.ts';
import type { Params } from '../db/run.ts';
import { isRingscopeError, RingscopeError } from '../errors.ts';
import { getQuery, type QueryRuntime, type SavedQuery } from './library.ts';
import { checkParams } from './params.ts';
import { toCells, toGraph } from './result.ts';

export type QueryResult = {
  name: string;
  columns: string[];
  /** Row-major plain JSON values (nodes as `{id, type, label, properties}`). */
  rows: unknown[][];
  truncated: boolean;
  rowLimit: number;
  elapsedMs: number;
  /** The result's nodes and relationships as Cytoscape elements; null when it holds none. */
  graph: NeighborhoodRecord | null;
};

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * Turns what Neo4j says about a saved query into errors that name it: the read transaction's
 * refusal of a write, the time limit, running out of memory, and Cypher errors (the analyst's own text, so showing
 * Neo4j's first line is safe and useful). Anything else is returned unchanged.
 */
export function queryError(subject: string, error: unknown, timeoutMs: number): unknown {
  if (isRingscopeError(error) && error.code === 'DB_TIMEOUT') {
    return new RingscopeError(
      'QUERY_TIMEOUT',
      `${subject} ran past its ${timeoutMs} ms time limit (RINGSCOPE_SAVED_QUERY_TIMEOUT_MS) and was stopped.`,
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  // MemoryPoolOutOfMemoryError, TransactionMemoryLimit and the like: transient to the driver,
  // but the same query would run out again.
  if (typeof code === 'string' && /^Neo\.(Transient|Client)Error\..*Memory/.test(code)) {
    return new RingscopeError(
      'QUERY_FAILED',
      `${subject} used too much memory in Neo4j and was stopped; narrow it (fewer hops, a lower limit, a tighter filter). (${firstLine(error)})`,
    );
  }
  if (code === 'Neo.ClientError.Statement.AccessMode') {
    return new RingscopeError(
      'QUERY_WRITE_REFUSED',
      `${subject} tried to change the database; saved queries and rules run in read transactions and Neo4j refused the write (${firstLine(error)}).`,
    );
  }
  if (typeof code === 'string' && /^Neo\.ClientError\.(Statement|Procedure|Schema)\./.test(code)) {
    return new RingscopeError('QUERY_FAILED', `${subject} failed in Neo4j: ${firstLine(error)}`);
  }
  return error;
}

export type RunOptions = { rowLimit?: number; timeoutMs?: number; subject?: string };

/**
 * Runs checked parameters through a query in a read transaction, with the runtime's time
 * limit and row limit unless `options` lowers or raises them for this run.
 */
export async function runQuery(
  runtime: QueryRuntime,
  query: SavedQuery,
  params: Params,
  options: RunOptions = {},
): Promise<QueryResult> {
  const rowLimit = options.rowLimit ?? runtime.rowLimit;
  const timeoutMs = options.timeoutMs ?? runtime.timeoutMs;
  const started = Date.now();
  try {
    const result = await runtime.db.readText(query.text, params, {
      timeoutMs,
      maxRows: rowLimit,
    });
    const raw = result.rows.map((row) => result.columns.map((column) => row[column]));
    return {
      name: query.name,
      columns: result.columns,
      rows: toCells(raw),
      truncated: result.truncated,
      rowLimit,
      elapsedMs: Date.now() - started,
      graph: toGraph(raw, result.truncated),
    };
  } catch (error) {
    throw queryError(options.subject ?? `Query ${query.name}`, error, timeoutMs);
  }
}

/** Finds a query by name, checks `given` against its parameters, and runs it. */
export async function runSavedQuery(
  runtime: QueryRuntime,
  name: string,
  given: Record<string, unknown>,
  options: RunOptions = {},
): Promise<QueryResult> {
  const query = await getQuery(runtime, name);
  return runQuery(runtime, query, checkParams(query, given), options);
}

/**
 * Plans a query with EXPLAIN inside a read transaction (nothing runs) and returns Neo4j's
 * query type: `r` read, `rw` / `w` write, `s` schema. Cypher errors name the query.
 */
export async function explainQuery(runtime: QueryRuntime, query: SavedQuery): Promise<string> {
  try {
    const result = await runtime.db.readText(
      `EXPLAIN\n${query.body}`,
      {},
      {
        timeoutMs: runtime.timeoutMs,
        maxRows: 1,
      },
    );
    return result.queryType ?? 'unknown';
  } catch (error) {
    throw queryError(`Query ${query.name}`, error, runtime.timeoutMs);
  }
}
