import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../seed/csv-read.ts';
import { csvLine } from '../../seed/csv-writer.ts';
import { generateMarketplace } from '../../seed/generate.ts';
import { loadDirectory } from '../../seed/load.ts';
import { splitOrders } from '../../seed/split-orders.ts';
import { exportRings } from '../../server/cli/export.ts';
import type { Params, Tx } from '../../server/db/run.ts';
import { baselineRings } from '../../server/detect/baseline.ts';
import { evaluate, type Truth } from '../../server/detect/evaluate.ts';
import { INCREMENTAL_QUERIES, planIncrementalQueries } from '../../server/detect/plan-ahead.ts';
import { runDetection } from '../../server/detect/run-detection.ts';
import { MAX_IDENTIFIER_ACTORS } from '../../server/detect/weights.ts';
import { graphSnapshot, openTestDb, wipe } from '../helpers/neo4j.ts';

const db = openTestDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-detect-'));
const loadOptions = {
  batchSize: 5000,
  interactive: false,
  rejectsPath: path.join(tmp, 'rejects.csv'),
};

/** SHARES links as stored against the same links computed from scratch. */
async function sharesMismatch() {
  const [row] = await db.read<{ missing: string[]; extra: string[]; links: number }>(
    'shares-mismatch',
    { maxActors: MAX_IDENTIFIER_ACTORS },
  );
  return row;
}

/** The merchants that keep a BNPL volume, and those whose kept volume differs from a count of their orders. */
async function volumesMismatch() {
  const [row] = await db.read<{ kept: string[]; wrong: string[] }>('volumes-mismatch');
  return row;
}

/** The stored memberships and risks, as sorted lines that name no ring id. */
async function storedResults() {
  const memberships = await db.read<Record<string, unknown>>('memberships');
  const risks = await db.read<Record<string, unknown>>('risks');
  return [...memberships, ...risks].map((row) => JSON.stringify(row)).sort();
}

/**
 * A parameter's type as Neo4j's plan cache tells them apart: a JavaScript number is a float,
 * an empty list differs from a list of values, a map is a map whatever its keys.
 */
function paramType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${paramType(value[0])}]`;
  if (typeof value === 'object') return '{}';
  return typeof value === 'number' ? 'float' : typeof value;
}

/** `name MODE {param: type, …}`: what decides whether a query's cached plan can be reused. */
function querySignature(name: string, params: Params, mode: 'READ' | 'WRITE'): string {
  const types = Object.entries(params)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}: ${paramType(value)}`);
  return `${name} ${mode} {${types.join(', ')}}`;
}

/** What `work` returns, and the signature of each named query it sent through `db`. */
async function sentQueries<T>(work: () => Promise<T>): Promise<{ result: T; sent: Set<string> }> {
  const sent = new Set<string>();
  // Own properties over the class's methods (write goes through writeTx); deleted afterwards.
  const { read, writeTx, autoCommit } = db;
  db.read = <R>(name: string, params: Params = {}, timeoutMs?: number) => {
    sent.add(querySignature(name, params, 'READ'));
    return read.call(db, name, params, timeoutMs) as Promise<R[]>;
  };
  db.writeTx = <W>(transaction: (tx: Tx) => Promise<W>, timeoutMs?: number) =>
    writeTx.call(
      db,
      (tx: Tx) =>
        transaction({
          run: (name, params = {}) => {
            sent.add(querySignature(name, params, 'WRITE'));
            return tx.run(name, params);
          },
        }),
      timeoutMs,
    ) as Promise<W>;
  db.autoCommit = <R>(name: string, params: Params = {}) => {
    sent.add(querySignature(name, params, 'WRITE'));
    return autoCommit.call(db, name, params) as Promise<R[]>;
  };
  try {
    return { result: await work(), sent };
  } finally {
    for (const method of ['read', 'writeTx', 'autoCommit']) Reflect.deleteProperty(db, method);
  }
}

/** Each ring as one sorted line: id (kept when a run finds the ring again), score, flag, members. */
function ringLines(rings: Awaited<ReturnType<typeof exportRings>>): string[] {
  return rings
    .map(
      (ring) =>
        `${ring.id} ${ring.score.toFixed(6)} ${ring.flagged} ${[...ring.accounts].sort().join(',')} ${ring.merchants.join(',')}`,
    )
    .sort();
}

afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Seed 31337 was never used while the detector was tuned (tuning used seeds 5 and 101). */
describe('ring detection on an unseen marketplace of 20,000 accounts', () => {
  let truth: Truth;
  let report: ReturnType<typeof evaluate>;
  let baseline: ReturnType<typeof evaluate>;
  const split = path.join(tmp, 'unseen-split');
  const batch = path.join(split, 'batch-1');
  /** The named queries of the full run and of the incremental run after it. */
  const sent = { full: new Set<string>(), incremental: new Set<string>() };

  beforeAll(async () => {
    await wipe(db);
    const dir = path.join(tmp, 'unseen');
    await generateMarketplace({ outDir: dir, accounts: 20_000, seed: 31337 });
    truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8'));
    // The last orders stay out for the incremental run below (0.2% of them: no ring loses one).
    const { base } = splitOrders(dir, split, 500, 1);
    await loadDirectory(db, base, loadOptions);
    const full = await sentQueries(() => runDetection(db));
    expect(full.result.mode).toBe('full');
    sent.full = full.sent;
    report = evaluate(await exportRings(db, true), truth);
    baseline = evaluate(await baselineRings(db), truth);
  }, 600_000);

  it('flags ring members with account F1 of at least 0.95', () => {
    expect(report.accounts.f1).toBeGreaterThanOrEqual(0.95);
  });

  it('recovers at least 95% of the rings at a ring precision of at least 0.9', () => {
    expect(report.rings.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.rings.precision).toBeGreaterThanOrEqual(0.9);
  });

  it('flags no household or NAT-IP group as a ring', () => {
    expect(report.lookalikes.household?.groupsFlagged).toBe(0);
    expect(report.lookalikes.nat_ip?.groupsFlagged).toBe(0);
  });

  it('beats the connected-components baseline by a wide margin', () => {
    expect(report.accounts.f1 - baseline.accounts.f1).toBeGreaterThanOrEqual(0.2);
    expect(report.rings.recall - baseline.rings.recall).toBeGreaterThanOrEqual(0.3);
  });

  it('explains every flagged ring with reasons whose evidence ids exist in the graph', async () => {
    const rings = await exportRings(db, true);
    const stored = await db.read<{
      id: string;
      reasons: { kind: string; text: string; evidence: string[] }[];
    }>('detect/flagged-rings', { flaggedOnly: true });
    expect(rings.length).toBeGreaterThan(0);
    for (const ring of stored) {
      expect(ring.reasons.length).toBeGreaterThan(0);
      for (const reason of ring.reasons) {
        expect(['identity', 'structure', 'behaviour', 'outcome']).toContain(reason.kind);
        expect(reason.text.length).toBeGreaterThan(10);
        const [row] = await db.read<{ found: string[] }>('evidence-exists', {
          ids: reason.evidence,
        });
        expect(row?.found.sort()).toEqual([...new Set(reason.evidence)].sort());
      }
    }
  });

  it('re-scores a batch that reaches crowd units (busy shops) to the rings of a full run', async () => {
    await loadDirectory(db, batch, loadOptions);
    const incremental = await sentQueries(() => runDetection(db, { fullPassShare: 1 }));
    expect(incremental.result.mode).toBe('incremental');
    sent.incremental = incremental.sent;
    // The crowd checks ran: their link and order-time reads are what this test is about.
    const names = [...sent.incremental].map((query) => query.split(' ')[0]);
    expect(names).toEqual(
      expect.arrayContaining(['detect/unit-link-changes', 'detect/unit-order-times']),
    );
    const afterIncremental = ringLines(await exportRings(db, false));
    const storedIncremental = await storedResults();
    await runDetection(db, { full: true });
    expect(afterIncremental.length).toBeGreaterThan(0);
    expect(ringLines(await exportRings(db, false))).toEqual(afterIncremental);
    expect(await storedResults()).toEqual(storedIncremental);
  }, 300_000);

  it('plans ahead exactly the queries an incremental run sends with other parameter types than a full run', () => {
    const planned = INCREMENTAL_QUERIES.map(([name, params, mode]) =>
      querySignature(name, params, mode),
    );
    expect(sent.incremental.size, 'recorded by the crowd test before this one').toBeGreaterThan(0);
    const unplannedByFullRun = [...sent.incremental].filter((query) => !sent.full.has(query));
    expect([...planned].sort()).toEqual(unplannedByFullRun.sort());
  });
});

describe('ring detection across runs', () => {
  const dir = path.join(tmp, 'runs');
  const split = path.join(tmp, 'runs-split');
  const base = path.join(split, 'base');
  const batch = path.join(split, 'batch-1');
  // Small against the marketplace, as a day's orders are: most shops and rings are not touched,
  // so the incremental run keeps some rings as stored.
  const batchOrders = 200;

  beforeAll(async () => {
    await wipe(db);
    await generateMarketplace({ outDir: dir, accounts: 3000, seed: 77 });
    splitOrders(dir, split, batchOrders, 1);
  }, 300_000);

  it('re-scores only what a new batch touched and stores the same rings as a full run', async () => {
    await loadDirectory(db, base, loadOptions);
    expect((await runDetection(db)).mode).toBe('full');
    expect((await runDetection(db)).mode).toBe('unchanged');
    await loadDirectory(db, batch, loadOptions);
    // Forced down the incremental path: on a small marketplace a batch touches most shops,
    // where the detector would otherwise choose one full pass.
    const incremental = await runDetection(db, { fullPassShare: 1 });
    expect(incremental.mode).toBe('incremental');
    const afterIncremental = await exportRings(db, false);
    const storedIncremental = await storedResults();
    // Scoring reads shared identifiers from SHARES links, which the run only patched.
    const patched = await sharesMismatch();
    expect(patched?.links).toBeGreaterThan(0);
    expect({ missing: patched?.missing, extra: patched?.extra }).toEqual({
      missing: [],
      extra: [],
    });
    // Shops' BNPL volumes were advanced by the new orders, not counted again.
    const volumes = await volumesMismatch();
    expect(volumes?.kept.length).toBeGreaterThan(0);
    expect(volumes?.wrong).toEqual([]);
    const full = await runDetection(db, { full: true });
    expect(incremental.merchantsScored).toBeLessThan(full.merchantsScored);
    // Rings no change reaches stay as stored, and still equal the full run's.
    expect(incremental.ringsScored).toBeLessThan(full.ringsScored);
    const afterFull = await exportRings(db, false);
    expect(afterIncremental.length).toBeGreaterThan(0);
    expect(ringLines(afterIncremental)).toEqual(ringLines(afterFull));
    // Runs skip rewriting what did not change; written from scratch, the result is the same.
    await db.write('forget-rings');
    await runDetection(db, { full: true });
    expect(storedIncremental.length).toBeGreaterThan(0);
    expect(await storedResults()).toEqual(storedIncremental);
  }, 600_000);

  it('counts the BNPL volume of shops again when a batch rewrites or moves their orders', async () => {
    const records: string[][] = [];
    for await (const record of readCsv(fs.createReadStream(path.join(base, 'orders.csv')))) {
      if (record.kind === 'record') records.push(record.fields);
    }
    const [columns = [], ...rows] = records;
    const at = (name: string) => columns.indexOf(name);
    const kept = new Set((await volumesMismatch())?.kept);
    const bnpl = rows.filter(
      (cells) => cells[at('payment_method')] === 'bnpl' && kept.has(cells[at('merchant_id')] ?? ''),
    );
    const merchants = [...new Set(bnpl.map((cells) => cells[at('merchant_id')] as string))];
    expect(merchants.length).toBeGreaterThan(2);
    // A dearer order, an order moved to another kept shop, an order no longer paid later.
    const [dearer, moved, card] = merchants.map(
      (merchant) => bnpl.find((cells) => cells[at('merchant_id')] === merchant) as string[],
    );
    dearer?.splice(at('amount'), 1, (Number(dearer[at('amount')]) + 1.25).toFixed(2));
    moved?.splice(at('merchant_id'), 1, merchants[3] ?? (merchants[0] as string));
    card?.splice(at('payment_method'), 1, 'card');
    card?.splice(at('bnpl_due_at'), 1, '');
    card?.splice(at('repayment_status'), 1, 'n/a');
    const changes = path.join(tmp, 'changes');
    fs.mkdirSync(changes, { recursive: true });
    fs.writeFileSync(
      path.join(changes, 'orders.csv'),
      [columns, dearer, moved, card].map((cells) => csvLine(cells ?? [])).join(''),
    );
    await loadDirectory(db, changes, loadOptions);
    expect((await runDetection(db, { fullPassShare: 1 })).mode).toBe('incremental');
    const afterIncremental = await storedResults();
    expect((await volumesMismatch())?.wrong).toEqual([]);
    await runDetection(db, { full: true });
    expect(await storedResults()).toEqual(afterIncremental);
  }, 300_000);

  it('keeps a ring id and its analyst status when a re-run finds the same ring', async () => {
    const [first] = await exportRings(db, true);
    expect(first).toBeDefined();
    await db.write('ring-status', { id: first?.id, status: 'confirmed' });
    await runDetection(db, { full: true });
    const again = (await exportRings(db, true)).find((ring) => ring.id === first?.id);
    expect(again?.status).toBe('confirmed');
    expect(again?.accounts.sort()).toEqual(first?.accounts.sort());
  });

  it("plans an incremental run's queries without changing the graph", async () => {
    const before = await graphSnapshot(db);
    await planIncrementalQueries(db);
    expect(await graphSnapshot(db)).toEqual(before);
  });

  it('makes a full pass after a run that stopped half-way (its changes were already applied)', async () => {
    await db.write('detect/start-run');
    const next = await runDetection(db);
    expect(next.mode).toBe('full');
    expect(next.because).toBe('the previous run did not finish');
    expect((await runDetection(db)).mode).toBe('unchanged');
  }, 300_000);
});
