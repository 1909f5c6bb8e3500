import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GenerateSummary, generateMarketplace } from '../../seed/generate.ts';
import { loadDirectory } from '../../seed/load.ts';
import { graphSnapshot, openTestDb, snapshotDifferences, testEnv, wipe } from '../helpers/neo4j.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const db = openTestDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-interrupted-'));
const market = path.join(tmp, 'market');
const rejectsPath = path.join(tmp, 'rejects.csv');
let generated: GenerateSummary;

/** `--online`: the batched upserts under test (an empty local database would otherwise bulk-import). */
function startCliLoad(): {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: string | null; stderr: string }>;
} {
  const child = spawn(
    process.execPath,
    ['server/cli/bin.mjs', 'load', market, '--online', '--rejects', rejectsPath],
    {
      cwd: ROOT,
      env: { ...testEnv(), RINGSCOPE_LOAD_BATCH: '500' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exit = new Promise<{ code: number | null; signal: string | null; stderr: string }>(
    (resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal, stderr }));
    },
  );
  return { child, exit };
}

async function orderCount(): Promise<number> {
  const [row] = await db.read<{ orders: number }>('order-count');
  return row?.orders ?? 0;
}

beforeAll(async () => {
  generated = await generateMarketplace({ outDir: market, accounts: 3000, seed: 11 });
});

afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  await wipe(db);
});

describe('a load killed part-way through orders', () => {
  // Exactly, session times included: cypher/load/sessions.cypher keeps each link's times sorted,
  // so they do not depend on which of the two batches in flight committed first.
  it('converges, when run again to completion, on the graph of one uninterrupted load', {
    timeout: 900_000,
  }, async () => {
    const total = generated.rows.orders;
    expect(total).toBeGreaterThan(20_000);

    const full = await loadDirectory(db, market, {
      batchSize: 5000,
      interactive: false,
      rejectsPath,
    });
    expect(full.rejectsFile).toBeUndefined();
    expect(await orderCount()).toBe(total);
    const reference = await graphSnapshot(db);

    await wipe(db);

    const interrupted = startCliLoad();
    let exited = false;
    void interrupted.exit.then(() => {
      exited = true;
    });
    let seen = 0;
    while (!exited) {
      seen = await orderCount();
      if (seen > 0 && seen < total) {
        interrupted.child.kill('SIGKILL');
        break;
      }
      await sleep(25);
    }
    const killed = await interrupted.exit;
    expect(killed.signal, `the load finished before it could be killed:\n${killed.stderr}`).toBe(
      'SIGKILL',
    );
    const left = await orderCount();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(total);

    const rerun = await startCliLoad().exit;
    // The orders the killed load committed are found again and updated, the rest created.
    expect(rerun.stderr).toMatch(
      new RegExp(
        `orders\\.csv\\s+read (\\d+) = loaded \\1 \\(${left} were in the database already, updated\\) \\+ rejected 0`,
      ),
    );
    expect(rerun.code).toBe(0);
    expect(await orderCount()).toBe(total);
    const after = await graphSnapshot(db);
    expect(after.nodes.length).toBe(reference.nodes.length);
    expect(after.relationships.length).toBe(reference.relationships.length);
    expect(snapshotDifferences(after.nodes, reference.nodes)).toEqual({ missing: [], extra: [] });
    expect(snapshotDifferences(after.relationships, reference.relationships)).toEqual({
      missing: [],
      extra: [],
    });
    expect(after.nodes.join('\n') === reference.nodes.join('\n')).toBe(true);
    expect(after.relationships.join('\n') === reference.relationships.join('\n')).toBe(true);
  });
});
