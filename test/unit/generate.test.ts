import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GenerateSummary, generateMarketplace } from '../../seed/generate.ts';
import { createRandom, createZipfSampler } from '../../seed/random.ts';

const FILES = ['accounts.csv', 'merchants.csv', 'orders.csv', 'sessions.csv', 'truth.json'];
const KINDS = ['device_farm', 'merchant_insider', 'drop_address', 'camouflaged'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

type Row = Record<string, string>;
interface Truth {
  generator: string;
  seed: number;
  accounts: number;
  rings: { ring_id: string; kind: string; accounts: string[]; merchants: string[] }[];
  lookalikes: { kind: string; accounts: string[]; merchants?: string[]; ip?: string }[];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-generate-'));
const readCsv = (dir: string, file: string): Row[] =>
  parse(fs.readFileSync(path.join(dir, file), 'utf8'), { columns: true }) as Row[];
const headerOf = (dir: string, file: string): string =>
  fs.readFileSync(path.join(dir, file), 'utf8').split('\n', 1)[0] ?? '';
const digest = (dir: string, file: string): string =>
  createHash('sha256')
    .update(fs.readFileSync(path.join(dir, file)))
    .digest('hex');

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('random', () => {
  it('repeats the same stream for the same seed and label', () => {
    const a = createRandom(7).fork('x', 3);
    const b = createRandom(7).fork('x', 3);
    const draws = (r: typeof a) => Array.from({ length: 5 }, () => r.uint32());
    expect(draws(a)).toEqual(draws(b));
    expect(draws(createRandom(7).fork('y', 3))).not.toEqual(draws(createRandom(7).fork('x', 3)));
  });

  it('derives forks from the seed, not from how much the parent has drawn', () => {
    const fresh = createRandom(11);
    const used = createRandom(11);
    for (let i = 0; i < 100; i++) used.next();
    expect(used.fork('orders').uint32()).toBe(fresh.fork('orders').uint32());
  });

  it('keeps int() inside its inclusive bounds and zipf ranks skewed to the top', () => {
    const rng = createRandom(1);
    const ints = Array.from({ length: 10_000 }, () => rng.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    const zipf = createZipfSampler(1000, 1.1);
    const ranks = Array.from({ length: 20_000 }, () => zipf.sample(rng));
    const top10 = ranks.filter((r) => r < 10).length / ranks.length;
    expect(top10).toBeGreaterThan(0.3);
    expect(Math.max(...ranks)).toBeLessThan(1000);
  });
});

describe('generateMarketplace determinism', () => {
  it('writes byte-identical files for the same seed and different orders for another', async () => {
    const dirs = ['a', 'b', 'c'].map((name) => path.join(tmp, `det-${name}`));
    await generateMarketplace({ outDir: dirs[0] as string, accounts: 400, seed: 5 });
    await generateMarketplace({ outDir: dirs[1] as string, accounts: 400, seed: 5 });
    await generateMarketplace({ outDir: dirs[2] as string, accounts: 400, seed: 6 });
    for (const file of FILES) {
      expect(digest(dirs[1] as string, file), file).toBe(digest(dirs[0] as string, file));
    }
    expect(digest(dirs[2] as string, 'orders.csv')).not.toBe(
      digest(dirs[0] as string, 'orders.csv'),
    );
    expect(digest(dirs[2] as string, 'truth.json')).not.toBe(
      digest(dirs[0] as string, 'truth.json'),
    );
  });

  it('rejects a fractional account count with a message naming the option', async () => {
    await expect(
      generateMarketplace({ outDir: path.join(tmp, 'bad'), accounts: 10.5, seed: 1 }),
    ).rejects.toThrow(/accounts/);
  });
});

describe('generateMarketplace at 4000 accounts', () => {
  const dir = path.join(tmp, 'n4000');
  let summary: GenerateSummary;
  let accounts: Row[];
  let merchants: Row[];
  let orders: Row[];
  let sessions: Row[];
  let truth: Truth;
  const phases = new Set<string>();

  beforeAll(async () => {
    summary = await generateMarketplace({
      outDir: dir,
      accounts: 4000,
      seed: 42,
      onProgress: (p) => phases.add(p.phase),
    });
    accounts = readCsv(dir, 'accounts.csv');
    merchants = readCsv(dir, 'merchants.csv');
    orders = readCsv(dir, 'orders.csv');
    sessions = readCsv(dir, 'sessions.csv');
    truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8')) as Truth;
  }, 120_000);

  it('writes the contract v1 headers in order', () => {
    expect(headerOf(dir, 'accounts.csv')).toBe(
      'account_id,created_at,phone,id_hash,bnpl_limit,kyc_level,city',
    );
    expect(headerOf(dir, 'merchants.csv')).toBe(
      'merchant_id,name,created_at,category,city,owner_id_hash,payout_account',
    );
    expect(headerOf(dir, 'orders.csv')).toBe(
      'order_id,account_id,merchant_id,created_at,amount,payment_method,status,device_id,ip,address_hash,tracking_no,bnpl_due_at,repayment_status',
    );
    expect(headerOf(dir, 'sessions.csv')).toBe('actor_type,actor_id,device_id,ip,at');
  });

  it('reports row counts that match the files and about ten orders per account', () => {
    expect(summary.rows).toEqual({
      accounts: accounts.length,
      merchants: merchants.length,
      orders: orders.length,
      sessions: sessions.length,
    });
    expect(accounts).toHaveLength(4000);
    expect(merchants).toHaveLength(100);
    expect(orders.length / accounts.length).toBeGreaterThan(8);
    expect(orders.length / accounts.length).toBeLessThan(12);
    expect([...phases]).toEqual(expect.arrayContaining(['accounts', 'orders', 'truth']));
  });

  it('keeps ids unique and every order and session pointing at existing actors', () => {
    const accountIds = new Set(accounts.map((a) => a.account_id));
    const merchantIds = new Set(merchants.map((m) => m.merchant_id));
    expect(accountIds.size).toBe(accounts.length);
    expect(merchantIds.size).toBe(merchants.length);
    expect(new Set(orders.map((o) => o.order_id)).size).toBe(orders.length);
    expect(orders.filter((o) => !accountIds.has(o.account_id as string))).toEqual([]);
    expect(orders.filter((o) => !merchantIds.has(o.merchant_id as string))).toEqual([]);
    const orphans = sessions.filter((s) =>
      s.actor_type === 'account'
        ? !accountIds.has(s.actor_id as string)
        : !merchantIds.has(s.actor_id as string),
    );
    expect(orphans).toEqual([]);
  });

  it('formats times with +08:00, amounts with two decimals and BNPL fields only on BNPL orders', () => {
    expect(accounts.every((a) => ISO.test(a.created_at as string))).toBe(true);
    expect(sessions.every((s) => ISO.test(s.at as string))).toBe(true);
    const malformed = orders.filter((o) => {
      if (!ISO.test(o.created_at as string) || !/^\d+\.\d{2}$/.test(o.amount as string))
        return true;
      if (o.payment_method === 'bnpl') {
        return (
          !ISO.test(o.bnpl_due_at as string) ||
          !['open', 'repaid', 'overdue', 'defaulted'].includes(o.repayment_status as string)
        );
      }
      return (
        !['card', 'wallet'].includes(o.payment_method as string) ||
        o.bnpl_due_at !== '' ||
        o.repayment_status !== 'n/a'
      );
    });
    expect(malformed).toEqual([]);
    expect(accounts.every((a) => /^\d+$/.test(a.bnpl_limit as string))).toBe(true);
  });

  it('never places an order before its account or shop exists, nor after the fixed now', () => {
    const opened = new Map(accounts.map((a) => [a.account_id, Date.parse(a.created_at as string)]));
    const shops = new Map(
      merchants.map((m) => [m.merchant_id, Date.parse(m.created_at as string)]),
    );
    const now = Date.parse('2026-06-30T23:59:59+08:00');
    const early = orders.filter((o) => {
      const t = Date.parse(o.created_at as string);
      return t < (opened.get(o.account_id) ?? 0) || t < (shops.get(o.merchant_id) ?? 0) || t > now;
    });
    expect(early).toEqual([]);
    const stillOpen = orders.filter(
      (o) => o.repayment_status === 'open' && Date.parse(o.bnpl_due_at as string) <= now,
    );
    expect(stillOpen).toEqual([]);
  });

  it('records at least four rings of every kind whose members and shops exist', () => {
    const accountIds = new Set(accounts.map((a) => a.account_id));
    const merchantIds = new Set(merchants.map((m) => m.merchant_id));
    expect(truth).toMatchObject({ generator: 'ringscope', seed: 42, accounts: 4000 });
    for (const kind of KINDS) {
      expect(truth.rings.filter((r) => r.kind === kind).length, kind).toBeGreaterThanOrEqual(4);
    }
    expect(summary.rings).toEqual(
      Object.fromEntries(KINDS.map((k) => [k, truth.rings.filter((r) => r.kind === k).length])),
    );
    for (const ring of truth.rings) {
      expect(ring.accounts.length).toBeGreaterThanOrEqual(5);
      expect(ring.accounts.length).toBeLessThanOrEqual(40);
      expect(ring.merchants.length).toBeGreaterThanOrEqual(1);
      expect(ring.merchants.length).toBeLessThanOrEqual(2);
      expect(ring.accounts.filter((a) => !accountIds.has(a))).toEqual([]);
      expect(ring.merchants.filter((m) => !merchantIds.has(m))).toEqual([]);
    }
  });

  it('gives ring members many more defaults than honest buyers', () => {
    const ringAccounts = new Set(truth.rings.flatMap((r) => r.accounts));
    const unpaidShare = (rows: Row[]): number => {
      const due = rows.filter((o) => o.payment_method === 'bnpl' && o.repayment_status !== 'open');
      return due.filter((o) => o.repayment_status !== 'repaid').length / due.length;
    };
    const honest = unpaidShare(orders.filter((o) => !ringAccounts.has(o.account_id as string)));
    const ring = unpaidShare(orders.filter((o) => ringAccounts.has(o.account_id as string)));
    expect(honest).toBeGreaterThan(0.03);
    expect(honest).toBeLessThan(0.12);
    expect(ring).toBeGreaterThan(3 * honest);
  });

  it('interleaves ring orders with honest ones instead of grouping them in the file', () => {
    const ringAccounts = new Set(truth.rings.flatMap((r) => r.accounts));
    const positions = orders.flatMap((o, i) =>
      ringAccounts.has(o.account_id as string) ? [i] : [],
    );
    const firstHalf = positions.filter((i) => i < orders.length / 2).length / positions.length;
    expect(firstHalf).toBeGreaterThan(0.25);
    expect(firstHalf).toBeLessThan(0.75);
    const rowOf = new Map(accounts.map((a, i) => [a.account_id, i]));
    const memberRows = [...ringAccounts].map((a) => rowOf.get(a) ?? -1).sort((x, y) => x - y);
    expect(memberRows[0]).toBeLessThan(400);
    expect(memberRows[memberRows.length - 1]).toBeGreaterThan(3600);
  });

  it('puts every carrier NAT IP behind at least 100 accounts', () => {
    const nat = truth.lookalikes.filter((l) => l.kind === 'nat_ip');
    expect(nat.length).toBeGreaterThan(0);
    const accountsByIp = new Map<string, Set<string>>();
    const see = (ip: string, account: string): void => {
      const set = accountsByIp.get(ip) ?? new Set();
      set.add(account);
      accountsByIp.set(ip, set);
    };
    for (const o of orders) see(o.ip as string, o.account_id as string);
    for (const s of sessions)
      if (s.actor_type === 'account') see(s.ip as string, s.actor_id as string);
    for (const entry of nat) {
      expect(entry.accounts.length).toBeGreaterThanOrEqual(100);
      expect(accountsByIp.get(entry.ip as string)?.size ?? 0).toBeGreaterThanOrEqual(100);
    }
  });

  it('lets household members share an address and a device', () => {
    const households = truth.lookalikes.filter((l) => l.kind === 'household');
    expect(households.length).toBeGreaterThan(50);
    const addresses = new Map<string, Set<string>>();
    const devices = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, key: string, value: string): void => {
      const set = map.get(key) ?? new Set();
      set.add(value);
      map.set(key, set);
    };
    for (const o of orders) {
      add(addresses, o.account_id as string, o.address_hash as string);
      add(devices, o.account_id as string, o.device_id as string);
    }
    for (const s of sessions)
      if (s.actor_type === 'account') add(devices, s.actor_id as string, s.device_id as string);
    const sharedBy = (map: Map<string, Set<string>>, members: string[]): string[] => {
      const [first, ...rest] = members.map((a) => map.get(a) ?? new Set<string>());
      return [...(first ?? [])].filter((v) => rest.every((set) => set.has(v)));
    };
    for (const household of households) {
      expect(household.accounts.length).toBeGreaterThanOrEqual(2);
      expect(household.accounts.length).toBeLessThanOrEqual(4);
      expect(
        sharedBy(addresses, household.accounts).length,
        household.accounts.join(),
      ).toBeGreaterThan(0);
      expect(
        sharedBy(devices, household.accounts).length,
        household.accounts.join(),
      ).toBeGreaterThan(0);
    }
  });

  it('gives honest shipped orders unique courier numbers and cancelled ones none', () => {
    const ringAccounts = new Set(truth.rings.flatMap((r) => r.accounts));
    const honestShipped = orders.filter(
      (o) =>
        !ringAccounts.has(o.account_id as string) &&
        (o.status === 'shipped' || o.status === 'delivered'),
    );
    expect(
      honestShipped.every((o) =>
        /^(SF|YT|ZT|ST|YD|JD|EMS|EV)\d{12}$/.test(o.tracking_no as string),
      ),
    ).toBe(true);
    const counts = new Map<string, number>();
    for (const o of orders)
      if (o.tracking_no) counts.set(o.tracking_no, (counts.get(o.tracking_no) ?? 0) + 1);
    expect(honestShipped.filter((o) => (counts.get(o.tracking_no as string) ?? 0) > 1)).toEqual([]);
    expect(orders.filter((o) => o.status === 'cancelled' && o.tracking_no !== '')).toEqual([]);
    // Drop-address rings recycle tracking numbers.
    expect([...counts.values()].some((n) => n > 1)).toBe(true);
  });

  it('links some device-farm buyers to their shop through back-office devices', () => {
    const farms = truth.rings.filter((r) => r.kind === 'device_farm');
    const backOffice = new Map<string, Set<string>>();
    for (const s of sessions) {
      if (s.actor_type !== 'merchant') continue;
      const set = backOffice.get(s.device_id as string) ?? new Set();
      set.add(s.actor_id as string);
      backOffice.set(s.device_id as string, set);
    }
    for (const farm of farms) {
      const members = new Set(farm.accounts);
      const linked = orders.some(
        (o) =>
          members.has(o.account_id as string) &&
          farm.merchants.some((m) => backOffice.get(o.device_id as string)?.has(m)),
      );
      expect(linked, farm.ring_id).toBe(true);
    }
  });

  it('reuses a merchant owner identity for merchant-insider rings', () => {
    const owners = new Map(merchants.map((m) => [m.merchant_id, m.owner_id_hash]));
    const identity = new Map(accounts.map((a) => [a.account_id, a.id_hash]));
    for (const ring of truth.rings.filter((r) => r.kind === 'merchant_insider')) {
      const ownerHashes = new Set(ring.merchants.map((m) => owners.get(m)));
      expect(
        ring.accounts.some((a) => ownerHashes.has(identity.get(a))),
        ring.ring_id,
      ).toBe(true);
    }
  });

  it('quotes merchant names so that csv-parse reads back Chinese text intact', () => {
    expect(merchants.every((m) => /[\u4e00-\u9fff]/.test(m.name as string))).toBe(true);
    expect(merchants.every((m) => m.city && /[\u4e00-\u9fff]/.test(m.city))).toBe(true);
  });
});
