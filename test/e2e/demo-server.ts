import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDirectory } from '../../seed/load.ts';
import { generateInto } from '../../server/cli/generate.ts';
import { readConfig } from '../../server/config.ts';
import { openDb } from '../../server/db/connect.ts';
import { runDetection } from '../../server/detect/run-detection.ts';
import { serve } from '../../server/main.ts';
import { freePort, stopLocal } from '../../server/neo4j-local/process.ts';
import { buildWebApp } from '../../server/web/build.ts';

/** Keys of the demo server, one per role that uses the web app. */
export const DEMO_KEYS = {
  investigator: 'e2e-investigator-key-0001',
  analyst: 'e2e-analyst-key-00000001',
} as const;

export type DemoServer = { origin: string; keys: typeof DEMO_KEYS; close(): Promise<void> };

/**
 * What `npm start` does, privately: a local Neo4j on a free port in a temporary home, a
 * generated marketplace loaded (online: `npm start` bulk-imports, which costs more than it saves
 * at this size; both give the same graph) and detected, the web app built in test mode (with the
 * `window.__ringscope` hooks), and the API + app served on a free port.
 */
export async function startDemoServer(options: {
  accounts: number;
  seed: number;
  log: (line: string) => void;
  heap?: string;
  /** Run the alert rules on their schedule, as `npm start` does (default true). */
  alerts?: boolean;
}): Promise<DemoServer> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-e2e-'));
  const config = readConfig({
    ...process.env,
    NEO4J_URI: undefined,
    NODE_ENV: 'test',
    CI: '1',
    PORT: '0',
    RINGSCOPE_HOME: home,
    RINGSCOPE_BOLT_PORT: String(await freePort()),
    RINGSCOPE_NEO4J_HEAP: options.heap ?? '1g',
    RINGSCOPE_NEO4J_PAGECACHE: '512m',
    RINGSCOPE_API_KEYS: `${DEMO_KEYS.investigator}:investigator:ivy,${DEMO_KEYS.analyst}:analyst:ann`,
    ...(options.alerts === false ? { RINGSCOPE_ALERT_INTERVAL_S: '0' } : {}),
  });
  const webDir = path.join(home, 'web');
  const step = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    options.log(`${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  try {
    const built = step('web app built', () => buildWebApp({ outDir: webDir, mode: 'test' }));
    const db = await step('Neo4j started', () => openDb(config, options.log));
    try {
      const demo = path.join(home, 'demo');
      await step(`${options.accounts} accounts generated`, () =>
        generateInto(demo, options.accounts, options.seed, false),
      );
      await step('demo loaded', () =>
        loadDirectory(db, demo, { batchSize: config.loadBatchSize, interactive: false }),
      );
      await step('rings detected', () => runDetection(db));
    } finally {
      await db.close();
    }
    await built;
    const served = await serve(config, options.log, { webDir });
    return {
      origin: served.origin,
      keys: DEMO_KEYS,
      async close() {
        await served.close();
        await stopLocal(config.local);
        fs.rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopLocal(config.local);
    fs.rmSync(home, { recursive: true, force: true });
    throw error;
  }
}
