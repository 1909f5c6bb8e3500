import neo4j, { type Driver } from 'neo4j-driver';

export type Connection = Readonly<{
  uri: string;
  user: string;
  password: string;
  database: string;
  /** The project's own Neo4j (NEO4J_URI unset): what to advise when it cannot be reached. */
  local?: true;
}>;

export type DriverOptions = {
  /**
   * How long a transaction function keeps retrying transient failures and an unreachable server.
   * Batch work rides out a cluster leader switch with the default; a request path wants to fail fast.
   */
  retryMs?: number;
};

export const DEFAULT_RETRY_MS = 30_000;

/** One driver per process; integers come back as JS numbers (ids and counts fit in 2^53). */
export function createDriver(connection: Connection, options: DriverOptions = {}): Driver {
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
    disableLosslessIntegers: true,
    maxTransactionRetryTime: options.retryMs ?? DEFAULT_RETRY_MS,
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 30_000,
    connectionTimeout: 5_000,
    userAgent: 'ringscope/0.1',
  });
}

/** True once the server accepts a Bolt session with these credentials. */
export async function canConnect(connection: Connection): Promise<boolean> {
  const driver = createDriver(connection);
  try {
    await driver.verifyConnectivity({ database: connection.database });
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}
