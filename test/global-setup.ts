import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { readConfig } from '../server/config.ts';
import { resolveConnection } from '../server/db/connect.ts';
import type { Connection } from '../server/db/driver.ts';
import { Db } from '../server/db/run.ts';
import { freePort, stopLocal } from '../server/neo4j-local/process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Connection;
    ringscopeEnv: Record<string, string>;
  }
}

/**
 * Starts a private Neo4j (free port, temporary data folder, shared download cache) unless
 * NEO4J_URI points at a server, applies the schema once, and stops it after the run.
 */
export default async function setup(project: TestProject) {
  process.env.TZ = 'UTC';
  const external = Boolean(process.env.NEO4J_URI);
  const home = external ? '' : fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-test-'));
  const env: Record<string, string> = external
    ? {}
    : {
        RINGSCOPE_HOME: home,
        RINGSCOPE_BOLT_PORT: String(await freePort()),
        RINGSCOPE_NEO4J_HEAP: '2g',
        RINGSCOPE_NEO4J_PAGECACHE: '1g',
      };
  const config = readConfig({ ...process.env, ...env });
  const connection = await resolveConnection(config, (line) => console.log(`[neo4j] ${line}`));
  const db = new Db(connection);
  await db.applySchema();
  await db.close();
  project.provide('neo4j', connection);
  project.provide('ringscopeEnv', external ? {} : env);
  return async () => {
    if (external) return;
    await stopLocal(config.local);
    fs.rmSync(home, { recursive: true, force: true });
  };
}
