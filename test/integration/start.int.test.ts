import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import {
  isBulkImportPending,
  markBulkImportPending,
} from '../../server/neo4j-local/admin-import.ts';
import {
  openTestDb,
  restartSharedServerIfStopped,
  sharedServerIsPrivate,
  testEnv,
  wipe,
} from '../helpers/neo4j.ts';

// `start` bulk-imports its demo, which stops and restarts the project's own server: only with the
// private Neo4j that global setup started (not with NEO4J_URI).
const managed = sharedServerIsPrivate();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KEY = 'start-test-investigator-key-01';
/** Generating, importing and detecting 300 accounts takes about 30 s. */
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;
const env = {
  ...testEnv(),
  PORT: '0',
  RINGSCOPE_API_KEYS: `${KEY}:investigator:ivy`,
  RINGSCOPE_DEMO_ACCOUNTS: '300',
  RINGSCOPE_DEMO_SEED: '5',
  RINGSCOPE_ALERT_INTERVAL_S: '0',
};
const config = readConfig(env);
const db = openTestDb();

afterAll(async () => {
  await restartSharedServerIfStopped(config.local);
  await db.close();
});

beforeEach(async () => {
  await wipe(db);
});

type Started = {
  output: string;
  origin: string;
  stop(): Promise<number | null>;
  /** Everything printed so far, including after `stop()`. */
  printed(): string;
};

/**
 * `ringscope start` until it prints where the web app is; `stop()` sends Ctrl-C. It runs in a
 * process group of its own, so that a start that hangs is killed with what it started (the
 * importer, a Vite build) instead of left running.
 */
function startCli(): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['server/cli/bin.mjs', 'start'], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killAll = () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    };
    const exited = new Promise<number | null>((done) => child.once('close', done));
    const deadline = setTimeout(killAll, START_TIMEOUT_MS);
    void exited.then(() => clearTimeout(deadline));
    let output = '';
    const read = (text: string) => {
      output += text;
      const served = /^Web app on (http:\/\/\S+?)\//m.exec(output);
      if (served?.[1]) {
        clearTimeout(deadline);
        resolve({
          output,
          origin: served[1],
          printed: () => output,
          stop: () => {
            child.kill('SIGINT');
            const stuck = setTimeout(killAll, STOP_TIMEOUT_MS);
            return exited.finally(() => clearTimeout(stuck));
          },
        });
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`start exited with ${code}:\n${output}`)));
  });
}

async function flaggedRings(origin: string): Promise<number> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({
      query: '{ rings(first: 100, flagged: true) { edges { node { id } } } }',
    }),
  });
  const body = (await response.json()) as {
    data?: { rings: { edges: unknown[] } };
    errors?: unknown[];
  };
  expect(body.errors).toBeUndefined();
  return body.data?.rings.edges.length ?? 0;
}

describe.runIf(managed)('ringscope start', () => {
  it('bulk-imports the demo into the empty local database, detects rings and serves them', async () => {
    const started = await startCli();
    let code: number | null;
    try {
      expect(started.output).toContain('The database is empty: generating a demo marketplace');
      expect(started.output).toMatch(/bulk import: convert .* total/);
      expect(started.output).toMatch(/Detection \(full\) in .* s: [1-9]\d* rings flagged/);
      expect((await fetch(`${started.origin}/health`)).status).toBe(200);
      expect(await flaggedRings(started.origin)).toBeGreaterThan(0);
    } finally {
      code = await started.stop();
    }
    expect(code).toBe(0);
    expect(started.printed()).toContain(
      'Stopped. Neo4j keeps running for the next start; `ringscope db stop` stops it.',
    );
  }, 240_000);

  it('redoes a demo import that was cut short instead of refusing the half-written database', async () => {
    // As a killed `npm start` leaves it: the loader that wrote the marker is gone.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    markBulkImportPending(config.local, config.demo.dir, gone);
    const started = await startCli();
    let code: number | null;
    try {
      expect(started.output).toContain('Loading the demo marketplace was interrupted');
      expect(isBulkImportPending(config.local)).toBe(false);
      expect(await flaggedRings(started.origin)).toBeGreaterThan(0);
    } finally {
      code = await started.stop();
    }
    expect(code).toBe(0);
  }, 240_000);
});
