import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RingscopeError } from '../server/errors.ts';
import { type CsvFileWriter, createCsvFileWriter, csvField } from './csv-writer.ts';
import { createAccountView } from './generate/account-view.ts';
import { buildAccounts } from './generate/accounts.ts';
import { CATEGORIES, CITIES } from './generate/catalog.ts';
import { CSV_COLUMNS } from './generate/columns.ts';
import { emitHonestOrders } from './generate/honest-orders.ts';
import { createIds, ORDER_DIGITS, TRACKING_DIGITS } from './generate/ids.ts';
import { LineEncoder } from './generate/line-encoder.ts';
import { buildMerchants, merchantCount } from './generate/merchants.ts';
import { planRings, RING_MODULES } from './generate/rings.ts';
import { emitAccountSessions, emitMerchantSessions } from './generate/sessions.ts';
import { formatTime } from './generate/time.ts';
import { collectLookalikes, writeTruth } from './generate/truth.ts';
import {
  createKeys,
  type Drafts,
  RING_KINDS,
  type RingKind,
  type RingPlan,
  type World,
} from './generate/world.ts';
import { createRandom } from './random.ts';

/**
 * Deterministic synthetic BNPL marketplace with planted cash-out rings (data contract v1).
 * Rows are drafted per chunk of accounts, sorted by time within the chunk and streamed to disk,
 * so memory grows with the number of accounts (typed arrays), never with the number of orders.
 */

export interface GenerateProgress {
  phase: 'plan' | 'accounts' | 'merchants' | 'orders' | 'truth';
  done: number;
  total: number;
}

export interface GenerateOptions {
  outDir: string;
  accounts: number;
  seed: number;
  onProgress?: (progress: GenerateProgress) => void;
}

export interface GenerateSummary {
  outDir: string;
  seed: number;
  rows: { accounts: number; merchants: number; orders: number; sessions: number };
  rings: Record<RingKind, number>;
  ringAccounts: number;
  ringMerchants: number;
  lookalikes: Record<string, number>;
}

const optionsSchema = z.object({
  outDir: z.string().min(1),
  accounts: z.number().int().min(1).max(50_000_000),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

/** Accounts drafted together; their orders (≈ 10 each) are sorted by time before writing. */
const CHUNK_ACCOUNTS = 1024;

export async function generateMarketplace(options: GenerateOptions): Promise<GenerateSummary> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RingscopeError(
      'SEED_INVALID_OPTIONS',
      `generateMarketplace: ${issue?.path.join('.') ?? 'options'} ${issue?.message ?? 'is invalid'}`,
    );
  }
  const { outDir, accounts: size, seed } = parsed.data;
  const progress = options.onProgress ?? (() => {});
  await mkdir(outDir, { recursive: true });

  progress({ phase: 'plan', done: 0, total: 1 });
  const world = createWorld(size, seed);
  progress({ phase: 'plan', done: 1, total: 1 });

  const accountRows = await writeAccounts(world, join(outDir, 'accounts.csv'), progress);
  const merchantRows = await writeMerchants(world, join(outDir, 'merchants.csv'));
  progress({ phase: 'merchants', done: world.merchants.size, total: world.merchants.size });
  const activity = await writeActivity(world, outDir, progress);

  progress({ phase: 'truth', done: 0, total: 1 });
  const lookalikes = collectLookalikes(world);
  await writeTruth(join(outDir, 'truth.json'), world, lookalikes);
  progress({ phase: 'truth', done: 1, total: 1 });

  const rings = Object.fromEntries(RING_KINDS.map((k) => [k, 0])) as Record<RingKind, number>;
  for (const ring of world.rings) rings[ring.kind]++;
  const lookalikeCounts: Record<string, number> = {};
  for (const look of lookalikes) lookalikeCounts[look.kind] = (lookalikeCounts[look.kind] ?? 0) + 1;
  return {
    outDir,
    seed,
    rows: { accounts: accountRows, merchants: merchantRows, ...activity },
    rings,
    ringAccounts: world.rings.reduce((n, r) => n + r.members.length, 0),
    ringMerchants: world.rings.reduce((n, r) => n + r.merchants.length, 0),
    lookalikes: lookalikeCounts,
  };
}

function createWorld(size: number, seed: number): World {
  const root = createRandom(seed);
  const merchantTotal = merchantCount(size);
  const keys = createKeys(size);
  const ids = createIds(root.fork('ids').key, size, merchantTotal);
  const merchants = buildMerchants(merchantTotal, keys, root.fork('merchants'));
  const population = buildAccounts(size, merchants, keys, root.fork('accounts'));
  const world: World = {
    seed,
    root,
    ids,
    keys,
    accounts: population.table,
    merchants,
    natCount: population.natCount,
    householdCount: population.householdCount,
    loyalGroups: population.loyalGroups,
    ownerAccounts: population.ownerAccounts,
    rings: [],
  };
  world.rings.push(...planRings(world, root.fork('rings')));
  return world;
}

async function writeRow(
  writer: CsvFileWriter,
  values: readonly (string | number)[],
): Promise<void> {
  const wait = writer.write(values);
  if (wait) await wait;
}

async function drain(writer: CsvFileWriter, encoder: LineEncoder): Promise<void> {
  const { bytes, rows } = encoder.take();
  if (rows === 0) return;
  const wait = writer.writeRaw(bytes, rows);
  if (wait) await wait;
}

async function writeAccounts(
  world: World,
  path: string,
  progress: (p: GenerateProgress) => void,
): Promise<number> {
  const { accounts: a, ids } = world;
  const writer = createCsvFileWriter(path, CSV_COLUMNS.accounts);
  // City names need no quoting; encode each once instead of once per row.
  const cities = CITIES.map((city) => {
    if (csvField(city) !== city) throw new Error(`city ${city} would need CSV quoting`);
    return Buffer.from(city, 'utf8');
  });
  const line = new LineEncoder();
  try {
    for (let i = 0; i < a.size; i++) {
      line
        .text(ids.account(i))
        .comma()
        .time(a.createdAt[i] as number)
        .comma();
      line.text(ids.phone(a.phonePerson[i] as number)).comma();
      line.text(ids.idHash(a.person[i] as number)).comma();
      line
        .digits(a.limit[i] as number)
        .comma()
        .digits(a.kyc[i] as number)
        .comma();
      line.bytes(cities[a.city[i] as number] as Uint8Array).endLine();
      if (line.isFull()) await drain(writer, line);
      if ((i + 1) % 65_536 === 0) progress({ phase: 'accounts', done: i + 1, total: a.size });
    }
    await drain(writer, line);
  } finally {
    await writer.close();
  }
  progress({ phase: 'accounts', done: a.size, total: a.size });
  return writer.rows;
}

async function writeMerchants(world: World, path: string): Promise<number> {
  const { merchants: m, ids } = world;
  const writer = createCsvFileWriter(path, CSV_COLUMNS.merchants);
  try {
    for (let k = 0; k < m.size; k++) {
      await writeRow(writer, [
        ids.merchant(k),
        m.names[k] as string,
        formatTime(m.createdAt[k] as number),
        CATEGORIES[m.category[k] as number]?.name ?? '',
        CITIES[m.city[k] as number] as string,
        ids.idHash(m.ownerPerson[k] as number),
        ids.payoutAccount(m.payoutKey[k] as number),
      ]);
    }
  } finally {
    await writer.close();
  }
  return writer.rows;
}

/** Orders and sessions, chunk by chunk: accounts [a0, a1) and a proportional slice of merchants. */
async function writeActivity(
  world: World,
  outDir: string,
  progress: (p: GenerateProgress) => void,
): Promise<{ orders: number; sessions: number }> {
  const { accounts, merchants, ids, root } = world;
  const orders = createCsvFileWriter(join(outDir, 'orders.csv'), CSV_COLUMNS.orders);
  const sessions = createCsvFileWriter(join(outDir, 'sessions.csv'), CSV_COLUMNS.sessions);
  const merchantIds = Array.from({ length: merchants.size }, (_, m) => ids.merchant(m));
  const chunks = Math.ceil(accounts.size / CHUNK_ACCOUNTS);
  const merchantsPerChunk = Math.ceil(merchants.size / chunks);
  // Every order and session field comes from a closed ASCII alphabet (ids, hex, IPv4, ISO times,
  // decimals, enum words), so rows are encoded straight to bytes without CSV quoting.
  const orderLine = new LineEncoder();
  const sessionLine = new LineEncoder();
  let sequence = 0;
  try {
    for (let c = 0; c < chunks; c++) {
      const drafts: Drafts = { orders: [], sessions: [] };
      const a1 = Math.min(accounts.size, (c + 1) * CHUNK_ACCOUNTS);
      for (let i = c * CHUNK_ACCOUNTS; i < a1; i++) {
        const view = createAccountView(world, i);
        emitHonestOrders(world, view, root.fork('orders', i), drafts.orders);
        emitAccountSessions(view, root.fork('sessions', i), drafts.sessions);
        const ring = world.rings[accounts.ring[i] as number];
        if (ring)
          RING_MODULES[ring.kind].emitMemberRows(
            world,
            ring,
            view,
            root.fork('ring-rows', i),
            drafts,
          );
      }
      const m1 = Math.min(merchants.size, (c + 1) * merchantsPerChunk);
      for (let m = c * merchantsPerChunk; m < m1; m++) {
        emitMerchantSessions(world, m, root.fork('merchant-sessions', m), drafts.sessions);
        const ring: RingPlan | undefined = world.rings[merchants.ring[m] as number];
        if (ring) {
          RING_MODULES[ring.kind].emitMerchantSessions(
            world,
            ring,
            m,
            root.fork('ring-merchant-sessions', m),
            drafts.sessions,
          );
        }
      }

      // Array.prototype.sort is stable, so equal timestamps keep their (deterministic) draft order.
      drafts.orders.sort((x, y) => x.t - y.t);
      for (const o of drafts.orders) {
        const seq = sequence++;
        orderLine.text('O').digits(ids.orderNumber(seq), ORDER_DIGITS).comma();
        orderLine
          .text(o.account)
          .comma()
          .text(merchantIds[o.merchant] as string)
          .comma();
        orderLine.time(o.t).comma().amount(o.amountCents).comma();
        orderLine.text(o.method).comma().text(o.status).comma();
        orderLine.text(o.device).comma().text(o.ip).comma().text(o.address).comma();
        if (o.tracking === undefined) {
          orderLine.text(o.carrier).digits(ids.trackingNumber(seq), TRACKING_DIGITS);
        } else {
          orderLine.text(o.tracking);
        }
        orderLine.comma();
        if (o.due > 0) orderLine.time(o.due);
        orderLine.comma().text(o.repayment).endLine();
        if (orderLine.isFull()) await drain(orders, orderLine);
      }
      drafts.sessions.sort((x, y) => x.t - y.t);
      for (const s of drafts.sessions) {
        sessionLine.text(s.actorType).comma().text(s.actorId).comma();
        sessionLine.text(s.device).comma().text(s.ip).comma().time(s.t).endLine();
        if (sessionLine.isFull()) await drain(sessions, sessionLine);
      }
      progress({ phase: 'orders', done: a1, total: accounts.size });
    }
    await drain(orders, orderLine);
    await drain(sessions, sessionLine);
  } finally {
    await Promise.all([orders.close(), sessions.close()]);
  }
  return { orders: orders.rows, sessions: sessions.rows };
}
