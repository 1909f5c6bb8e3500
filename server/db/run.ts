import { setTimeout as sleep } from 'node:timers/promises';
import { debuglog } from 'node:util';
import neo4j, {
  type Driver,
  type ManagedTransaction,
  Neo4jError,
  type QueryResult,
} from 'neo4j-driver';
import { RingscopeError } from '../errors.ts';
import { type Connection, createDriver, DEFAULT_RETRY_MS, type DriverOptions } from './driver.ts';
import { QueryRegistry, schemaGroups, splitStatements } from './queries.ts';
import { toPlainRow } from './values.ts';

const logCypher = debuglog('ringscope:cypher');

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

const FIRST_RETRY_DELAY_MS = 100;
/** The driver's fetch size for "every row in one pull". */
const FETCH_ALL = -1;

/** Runs one named query, logs its time (NODE_DEBUG=ringscope:cypher) and returns plain rows. */
async function namedRows<T>(
  name: string,
  params: Params,
  run: () => Promise<QueryResult>,
): Promise<T[]> {
  const started = Date.now();
  const result = await run();
  // Checked first: the arguments are built even when the log is off, and stringifying a
  // 1,000-id list on every API call is not free.
  if (logCypher.enabled) {
    logCypher('%s %d ms %s', name, Date.now() - started, JSON.stringify(params).slice(0, 200));
  }
  return result.records.map((record) => toPlainRow(record.toObject()) as T);
}

/** Rows of `Db.readText`, in column order, with whether the row limit cut them. */
export type TextResult = {
  columns: string[];
  rows: Row[];
  truncated: boolean;
  queryType: string | null;
};

/** A transaction handle that only runs named queries from the registry. */
export type Tx = { run<T = Row>(name: string, params?: Params): Promise<T[]> };

function mapError(error: unknown, connection: Connection): unknown {
  if (!(error instanceof Neo4jError)) return error;
  if (error.message.startsWith('Server responded HTTP')) {
    return new RingscopeError(
      'DB_UNAVAILABLE',
      `${connection.uri} answers HTTP, not Bolt: NEO4J_URI names Neo4j's HTTP port (7474 by default) or another web server. Use the Bolt port (7687 by default).`,
    );
  }
  if (error.code === 'ServiceUnavailable' || error.code === 'SessionExpired') {
    // The driver's first line; what follows it is a paragraph about encryption settings.
    const cause = error.message.split('\n')[0]?.replace(/\. Please ensure .*$/, '');
    return new RingscopeError(
      'DB_UNAVAILABLE',
      `Neo4j at ${connection.uri} is unreachable (${cause}). ${
        connection.local
          ? 'Start it with `ringscope db start`.'
          : 'Check NEO4J_URI: the server, its Bolt port (7687 unless set otherwise) and its scheme (bolt:// for one server, neo4j:// for a cluster or Aura, +s for TLS).'
      }`,
    );
  }
  if (error.code === 'Neo.ClientError.Security.Unauthorized') {
    return new RingscopeError(
      'DB_AUTH',
      `Neo4j at ${connection.uri} refused user '${connection.user}': check NEO4J_USER / NEO4J_PASSWORD.`,
    );
  }
  if (error.code === 'Neo.ClientError.Database.DatabaseNotFound') {
    return new RingscopeError(
      'DB_NOT_FOUND',
      `Neo4j at ${connection.uri} has no database '${connection.database}': check NEO4J_DATABASE (SHOW DATABASES lists them; Community Edition has only 'neo4j').`,
    );
  }
  if (
    error.code === 'Neo.ClientError.Transaction.TransactionTimedOut' ||
    error.code === 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration'
  ) {
    return new RingscopeError('DB_TIMEOUT', 'The query ran past its time limit and was stopped.');
  }
  return error;
}

/**
 * The only gateway to Neo4j: named queries, explicit database, read vs write transactions
 * (so a cluster routes reads to followers), plain values out.
 */
export class Db {
  readonly queries: QueryRegistry;
  private readonly driver: Driver;

  constructor(
    readonly connection: Connection,
    options: { queries?: QueryRegistry; timeoutMs?: number } & DriverOptions = {},
  ) {
    this.driver = createDriver(connection, options);
    this.queries = options.queries ?? new QueryRegistry();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  }

  private readonly timeoutMs: number;
  private readonly retryMs: number;

  private runIn<T>(tx: ManagedTransaction, name: string, params: Params): Promise<T[]> {
    const { text } = this.queries.get(name);
    return namedRows<T>(name, params, () => tx.run(text, params));
  }

  /**
   * Named queries collect every row anyway, so they fetch them in one go: with the driver's
   * default of 1,000 rows per pull, a detection read of 50,000 pair rows spent a third of its
   * time on the round trips between pulls.
   */
  private session(mode: 'READ' | 'WRITE') {
    return this.driver.session({
      database: this.connection.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      fetchSize: FETCH_ALL,
    });
  }

  /**
   * A named read as one auto-commit query on a read session (routed to a reader in a cluster):
   * one Bolt message and one round trip, where a transaction function costs three writes
   * (BEGIN, RUN, COMMIT) and two round trips, the larger part of an API request's time.
   * Reads are idempotent, so transient failures and an unreachable server are retried here,
   * with backoff, for as long as the driver would retry a transaction function (`retryMs`).
   */
  async read<T = Row>(name: string, params: Params = {}, timeoutMs = this.timeoutMs): Promise<T[]> {
    const { text } = this.queries.get(name);
    const deadline = Date.now() + this.retryMs;
    for (let delay = FIRST_RETRY_DELAY_MS; ; delay *= 2) {
      const session = this.session('READ');
      try {
        return await namedRows<T>(name, params, () =>
          session.run(text, params, { timeout: timeoutMs }),
        );
      } catch (error) {
        const wait = Math.min(delay, deadline - Date.now());
        if (!Neo4jError.isRetryable(error) || wait <= 0) throw mapError(error, this.connection);
        await sleep(wait);
      } finally {
        await session.close();
      }
    }
  }

  /**
   * Runs Cypher text from outside the registry (analysts' saved queries) in a read transaction,
   * so the database itself refuses writes; stops reading after `maxRows` rows and says whether
   * there were more. `queryType` (`r`, `rw`, `w`, `s`) is known only when every row was read.
   * One explicit transaction, never retried: a retry would restart the time limit, so a heavy
   * query could hold the database for several times `timeoutMs`.
   */
  async readText(
    text: string,
    params: Params,
    options: { timeoutMs: number; maxRows: number },
  ): Promise<TextResult> {
    const session = this.driver.session({
      database: this.connection.database,
      defaultAccessMode: neo4j.session.READ,
      fetchSize: Math.min(options.maxRows + 1, 1000),
    });
    const tx = session.beginTransaction({ timeout: options.timeoutMs });
    try {
      const started = Date.now();
      const result = tx.run(text, params);
      const rows: Row[] = [];
      let truncated = false;
      for await (const record of result) {
        if (rows.length === options.maxRows) {
          truncated = true;
          break;
        }
        rows.push(toPlainRow(record.toObject()) as Row);
      }
      const columns = [...(await result.keys())];
      const queryType = truncated ? null : (await result.summary()).queryType;
      if (logCypher.enabled) {
        logCypher(
          'saved query %d ms %s %s',
          Date.now() - started,
          text.slice(0, 80),
          JSON.stringify(params, (_key, value) =>
            typeof value === 'bigint' ? value.toString() : value,
          ).slice(0, 200),
        );
      }
      return { columns, rows, truncated, queryType };
    } catch (error) {
      throw mapError(error, this.connection);
    } finally {
      // A failed rollback must not hide the error that made it necessary.
      if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      await session.close();
    }
  }

  async write<T = Row>(
    name: string,
    params: Params = {},
    timeoutMs = this.timeoutMs,
  ): Promise<T[]> {
    return this.writeTx((tx) => tx.run<T>(name, params), timeoutMs);
  }

  /**
   * Several named queries in one write transaction, retried as a unit on transient errors.
   * Without `timeoutMs` the server's own limit applies (detection stores rings in one go).
   */
  async writeTx<T>(work: (tx: Tx) => Promise<T>, timeoutMs?: number): Promise<T> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(
        (tx) =>
          work({
            run: <R = Row>(name: string, params: Params = {}) => this.runIn<R>(tx, name, params),
          }),
        timeoutMs === undefined ? {} : { timeout: timeoutMs },
      );
    } catch (error) {
      throw mapError(error, this.connection);
    } finally {
      await session.close();
    }
  }

  /**
   * Auto-commit run on a write session, for `CALL { } IN TRANSACTIONS` and `LOAD CSV`,
   * which Neo4j refuses inside transaction functions.
   */
  async autoCommit<T = Row>(name: string, params: Params = {}): Promise<T[]> {
    return this.runAlone<T>('WRITE', name, this.queries.get(name).text, params);
  }

  /**
   * Plans a named query without running it (EXPLAIN), on a session of the access mode it will
   * run in (the server that will run it, in a cluster). Neo4j caches a plan per query text and
   * parameter types, so a later run with parameters of the same types skips planning.
   */
  async explain(name: string, params: Params, mode: 'READ' | 'WRITE'): Promise<void> {
    await this.runAlone(mode, name, `EXPLAIN ${this.queries.get(name).text}`, params);
  }

  /** One auto-commit run of `text` (named query `name`) on its own session, never retried. */
  private async runAlone<T>(
    mode: 'READ' | 'WRITE',
    name: string,
    text: string,
    params: Params,
  ): Promise<T[]> {
    const session = this.session(mode);
    try {
      return await namedRows<T>(name, params, () => session.run(text, params));
    } catch (error) {
      throw mapError(error, this.connection);
    } finally {
      await session.close();
    }
  }

  /**
   * Applies `cypher/schema/*.cypher`; every statement is IF NOT EXISTS. A uniqueness
   * constraint's CREATE returns once its index is built (one store scan), so the labels are
   * built side by side and their scans overlap: after a bulk import of 1M orders the schema
   * phase went from 18 s to 13–15 s.
   */
  async applySchema(): Promise<void> {
    const statements = this.queries
      .names()
      .filter((name) => name.startsWith('schema/'))
      .flatMap((name) => splitStatements(this.queries.get(name).text));
    const runInOrder = async (group: readonly string[]) => {
      for (const statement of group) await this.runAlone('WRITE', 'schema', statement, {});
    };
    // Every group settles before an error is thrown: the caller never acts on a schema that
    // other sessions are still building.
    const outcomes = await Promise.allSettled(schemaGroups(statements).map(runInOrder));
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    await runInOrder(['CALL db.awaitIndexes(300)']);
  }

  async verify(): Promise<void> {
    try {
      await this.driver.verifyConnectivity({ database: this.connection.database });
    } catch (error) {
      throw mapError(error, this.connection);
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
