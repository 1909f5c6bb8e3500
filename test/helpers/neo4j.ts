import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, inject } from 'vitest';
import type { Config } from '../../server/config.ts';
import { CYPHER_DIR, QueryRegistry } from '../../server/db/queries.ts';
import { Db } from '../../server/db/run.ts';
import { localStatus, startLocal } from '../../server/neo4j-local/process.ts';

const TEST_CYPHER_DIR = fileURLToPath(new URL('../cypher/', import.meta.url));

/** Connection to the Neo4j that global setup started (or NEO4J_URI's server). */
export function testConnection() {
  const connection = inject('neo4j');
  if (!connection) {
    throw new Error(
      'No Neo4j connection was provided. Did you forget to run this file in the integration project?',
    );
  }
  return connection;
}

/** Environment for spawning the CLI against the test database. */
export function testEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...inject('ringscopeEnv'), CI: '1' };
}

/**
 * True when global setup started a private Neo4j (not NEO4J_URI's server): only then may a test
 * stop and restart it, as the bulk import does.
 */
export function sharedServerIsPrivate(): boolean {
  return Object.keys(inject('ringscopeEnv')).length > 0;
}

/** Starts the shared private Neo4j again if a test left it stopped: later test files need it. */
export async function restartSharedServerIfStopped(local: Config['local']): Promise<void> {
  if (sharedServerIsPrivate() && !(await localStatus(local)).running) {
    await startLocal(local, () => {});
  }
}

export function openTestDb(): Db {
  return new Db(testConnection(), { queries: new QueryRegistry([CYPHER_DIR, TEST_CYPHER_DIR]) });
}

export async function wipe(db: Db): Promise<void> {
  await db.autoCommit('wipe');
}

/** The whole graph as sorted JSON lines: equal strings mean equal graphs (ids are our keys). */
export async function graphSnapshot(db: Db): Promise<{ nodes: string[]; relationships: string[] }> {
  const nodes = await db.read('graph-nodes', {}, 120_000);
  const relationships = await db.read('graph-relationships', {}, 120_000);
  const canonical = (value: unknown) =>
    JSON.stringify(value, (_key, inner) =>
      inner && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
        : inner,
    );
  return {
    nodes: nodes.map(canonical).sort(),
    relationships: relationships.map(canonical).sort(),
  };
}

/** Lines only one side has (at most 5 each), so a mismatch prints what differs, not 100k lines. */
export function snapshotDifferences(actual: string[], expected: string[]) {
  const actualSet = new Set(actual);
  const expectedSet = new Set(expected);
  return {
    missing: expected.filter((line) => !actualSet.has(line)).slice(0, 5),
    extra: actual.filter((line) => !expectedSet.has(line)).slice(0, 5),
  };
}

/** Hand-counted from `fixtures/small`: what loading it must create, whichever way it is loaded. */
export const SMALL_FIXTURE_GRAPH = {
  nodes: { Account: 3, Merchant: 2, Order: 4, Device: 2, Tracking: 2 },
  relationships: { PLACED: 4, AT: 4, FROM_DEVICE: 4, SHIPPED_WITH: 3 },
} as const;

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/**
 * The hooks of a test file whose loads may bulk-import: a wiped database before each test; after
 * the file, the shared Neo4j running again (a bulk import stops it), `db` closed, `tmp` removed.
 */
export function aroundBulkLoads(db: Db, local: Config['local'], tmp: string): void {
  afterAll(async () => {
    await restartSharedServerIfStopped(local);
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await wipe(db);
  });
}
