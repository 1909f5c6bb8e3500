import type { Config } from '../config.ts';
import { RingscopeError } from '../errors.ts';
import { assertNoPendingBulkImport } from '../neo4j-local/admin-import.ts';
import { startLocal } from '../neo4j-local/process.ts';
import type { Connection, DriverOptions } from './driver.ts';
import { Db } from './run.ts';

/**
 * With NEO4J_URI set, that server is used unchanged; otherwise the project's own local
 * Neo4j is started (or reused).
 */
export async function resolveConnection(
  config: Config,
  log: (line: string) => void,
): Promise<Connection> {
  const { uri, user, password, database } = config.neo4j;
  if (uri) {
    if (password === undefined) {
      throw new RingscopeError(
        'CONFIG_INVALID',
        `NEO4J_URI is set to ${uri} but NEO4J_PASSWORD is not; set both (and NEO4J_USER if not 'neo4j').`,
      );
    }
    return { uri, user, password, database };
  }
  assertNoPendingBulkImport(config.local);
  const started = await startLocal(config.local, log);
  if (!started.reused)
    log(`Neo4j ${config.local.neo4jVersion} started on ${started.connection.uri}`);
  return started.connection;
}

/** Connects, checks the server answers, and applies constraints and indexes (idempotent). */
export async function openDb(
  config: Config,
  log: (line: string) => void,
  options: DriverOptions = {},
): Promise<Db> {
  const db = new Db(await resolveConnection(config, log), {
    timeoutMs: config.queryTimeoutMs,
    ...options,
  });
  try {
    await db.verify();
    await db.applySchema();
  } catch (error) {
    // The driver's open connections would keep the process alive after the error is reported.
    await db.close();
    throw error;
  }
  return db;
}
