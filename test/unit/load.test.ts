import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkRejectsPath,
  MAX_WAITING_REPEATS,
  openRejects,
  presentFiles,
  type RowProblem,
  startFile,
} from '../../seed/load.ts';
import type { Reject, ValidRow } from '../../seed/validate.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-load-unit-'));
let folders = 0;

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A fresh folder holding `files` (name → lines). */
function folder(files: Record<string, string[]>): string {
  folders += 1;
  const dir = path.join(tmp, String(folders));
  fs.mkdirSync(dir);
  for (const [name, lines] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
  }
  return dir;
}

async function presentFile(name: string, lines: string[]) {
  const [present] = await presentFiles(folder({ [name]: lines }), () => {});
  if (!present) throw new Error(`${name} is not a contract file`);
  return present;
}

function sink() {
  const written: Reject[] = [];
  return {
    written,
    count: 0,
    write(_file: string, reject: Reject) {
      this.count += 1;
      written.push(reject);
    },
  };
}

const HEADER = 'order_id,account_id,merchant_id,created_at,amount,payment_method,status';
const row = (id: string, account: string) =>
  `${id},${account},M1,2026-02-01T01:10:00+08:00,10.00,card,paid`;
const ORDERS = [
  HEADER,
  row('O1', 'NOPE'),
  row('O2', 'A1'),
  row('O1', 'NOPE'),
  row('O2', 'A1'),
  row('O3', 'A1'),
];
/** What the database says of these rows: NOPE is no account. */
const problemOf = (r: ValidRow): RowProblem | undefined =>
  r.raw.includes('NOPE') ? { column: 'account_id', reason: "unknown account 'NOPE'" } : undefined;

describe('startFile', () => {
  it.each([
    ['each row is settled as it is read (bulk path)', 'now'],
    ['rows are settled after the whole file was read (batches in flight)', 'later'],
  ])(
    'gives an exact repeat of a rejected row the same fate, naming the earlier line, when %s',
    async (_, when) => {
      const rejects = sink();
      const file = await startFile(await presentFile('orders.csv', ORDERS), rejects, false);
      const pending: ValidRow[] = [];
      for await (const valid of file.validRows()) {
        if (when === 'now') await file.settle(valid, problemOf(valid));
        else pending.push(valid);
      }
      for (const valid of pending) await file.settle(valid, problemOf(valid));
      const summary = file.finish();

      expect(summary).toMatchObject({ read: 5, loaded: 3, rejected: 2, identicalDuplicates: 1 });
      expect(summary.read).toBe(summary.loaded + summary.rejected);
      expect(rejects.written.map(({ line, column, reason }) => [line, column, reason])).toEqual([
        [2, 'account_id', "unknown account 'NOPE'"],
        [4, 'account_id', "repeats line 2, which was rejected: unknown account 'NOPE'"],
      ]);
    },
  );

  it('throws when a repeat is left waiting for a row the caller never settled', async () => {
    const file = await startFile(await presentFile('orders.csv', ORDERS), sink(), false);
    for await (const _ of file.validRows());
    expect(() => file.finish()).toThrow('orders.csv: 2 repeats wait for rows never settled');
  });

  it('has the caller settle the rows it holds once MAX_WAITING_REPEATS repeats wait, so 100,000 repeats of a row in flight never wait at once', async () => {
    const repeats = Array.from({ length: 100_000 }, () => row('O1', 'NOPE'));
    const lines = [HEADER, row('O1', 'NOPE'), ...repeats, row('O2', 'A1')];
    const rejects = sink();
    const file = await startFile(await presentFile('orders.csv', lines), rejects, false);
    const held: ValidRow[] = [];
    /** The most rows settled at once: the held rows and the repeats waiting for them. */
    let most = 0;
    const settleHeld = async () => {
      const before = file.summary.loaded + file.summary.rejected;
      for (const valid of held.splice(0)) await file.settle(valid, problemOf(valid));
      most = Math.max(most, file.summary.loaded + file.summary.rejected - before);
    };
    let drains = 0;
    const drain = async () => {
      drains += 1;
      await settleHeld();
    };
    for await (const valid of file.validRows(drain)) held.push(valid);
    await settleHeld();

    expect(file.finish()).toMatchObject({ read: 100_002, loaded: 1, rejected: 100_001 });
    // Once line 2 is settled its later repeats settle as they are read.
    expect(drains).toBe(1);
    expect(most).toBe(1 + MAX_WAITING_REPEATS);
    expect(rejects.written.at(-1)).toMatchObject({
      line: 100_002,
      reason: "repeats line 2, which was rejected: unknown account 'NOPE'",
      raw: row('O1', 'NOPE'),
    });
  });

  it('reads sessions.csv, which has no key column, only once when no progress is shown', async () => {
    const present = await presentFile('sessions.csv', [
      'actor_type,actor_id,device_id,at',
      'account,A1,D1,2026-01-05T10:00:00+08:00',
    ]);
    const opened = vi.spyOn(fs, 'createReadStream');
    const file = await startFile(present, sink(), false);
    expect(opened).not.toHaveBeenCalled();
    for await (const valid of file.validRows()) file.settle(valid);
    expect(file.finish()).toMatchObject({ read: 1, loaded: 1 });
    expect(opened).toHaveBeenCalledTimes(1);
  });

  it('shows an ETA for sessions.csv, which has no key column, from its estimated row count', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      writes.push(String(text));
      return true;
    });
    const sessions = ['actor_type,actor_id,device_id,at'];
    for (let i = 0; i < 10; i += 1) sessions.push(`account,A1,D1,2026-01-05T10:00:0${i}+08:00`);
    const file = await startFile(await presentFile('sessions.csv', sessions), sink(), true);
    vi.setSystemTime(Date.now() + 1000);
    file.progress.update(4);
    expect(writes.join('')).toContain('sessions.csv  4/10 rows  40%  4 rows/s  ETA 2s');
  });
});

const ACCOUNTS = ['account_id,created_at', 'A1,2026-01-02T10:00:00+08:00'];

describe('presentFiles', () => {
  it('warns of unknown columns by name and of an empty header cell (a trailing comma) as an unnamed column', async () => {
    const warnings: string[] = [];
    const dir = folder({
      'accounts.csv': ['account_id,created_at,nickname,', 'A1,2026-01-02T10:00:00+08:00,Ann,'],
      'merchants.csv': ['merchant_id,created_at,,', 'M1,2026-01-02T10:00:00+08:00,,'],
    });
    await presentFiles(dir, (message) => warnings.push(message));
    expect(warnings).toEqual([
      'accounts.csv: ignoring unknown column nickname and an unnamed (empty) column',
      'merchants.csv: ignoring 2 unnamed (empty) columns',
    ]);
  });
});

describe('checkRejectsPath', () => {
  it.each([
    ['the same path', (dir: string) => path.join(dir, 'orders.csv')],
    [
      'a relative path',
      (dir: string) => path.relative(process.cwd(), path.join(dir, 'orders.csv')),
    ],
    ['a path through ..', (dir: string) => path.join(dir, '..', path.basename(dir), 'orders.csv')],
    [
      'a symbolic link',
      (dir: string) => {
        const link = path.join(dir, 'link.csv');
        fs.symlinkSync(path.join(dir, 'orders.csv'), link);
        return link;
      },
    ],
    [
      'a hard link',
      (dir: string) => {
        const link = path.join(dir, 'hard.csv');
        fs.linkSync(path.join(dir, 'orders.csv'), link);
        return link;
      },
    ],
  ])('refuses a rejects file that is an input file, given as %s', async (_, rejectsOf) => {
    const dir = folder({ 'accounts.csv': ACCOUNTS, 'orders.csv': ORDERS });
    const present = await presentFiles(dir, () => {});
    const rejectsPath = rejectsOf(dir);
    expect(() => checkRejectsPath(rejectsPath, present)).toThrow(
      expect.objectContaining({
        code: 'LOAD_REJECTS_PATH',
        message: `--rejects ${rejectsPath} is the input file ${path.join(dir, 'orders.csv')}: writing rejected rows there would overwrite it before it is loaded. Give --rejects another file (the default is rejects.csv in the load folder).`,
      }),
    );
  });

  it('accepts a rejects file that does not exist yet or is an earlier rejects file', async () => {
    const dir = folder({ 'orders.csv': ORDERS });
    const present = await presentFiles(dir, () => {});
    expect(() => checkRejectsPath(path.join(dir, 'rejects.csv'), present)).not.toThrow();
    const earlier = folder({ 'rejects.csv': ['file,line,column,reason,row', 'orders.csv,2,,x,y'] });
    expect(() => checkRejectsPath(path.join(earlier, 'rejects.csv'), present)).not.toThrow();
  });

  it("refuses up front any other existing file, one not of this load too (it is someone's data)", async () => {
    const dir = folder({ 'orders.csv': ORDERS });
    const present = await presentFiles(dir, () => {});
    const other = folder({ 'accounts.csv': ACCOUNTS });
    expect(() => checkRejectsPath(path.join(other, 'accounts.csv'), present)).toThrow(
      expect.objectContaining({ code: 'LOAD_REJECTS_PATH' }),
    );
  });
});

describe('openRejects', () => {
  it('refuses to empty an existing file that is not an earlier rejects file, leaving it as it was', () => {
    const dir = folder({ 'orders.csv': ORDERS });
    const file = path.join(dir, 'orders.csv');
    const before = fs.readFileSync(file, 'utf8');
    expect(() => openRejects(file)).toThrow(
      expect.objectContaining({
        code: 'LOAD_REJECTS_PATH',
        message: `--rejects ${file} exists and is not a rejects file (its first line is not file,line,column,reason,row): writing rejected rows there would overwrite it. Give --rejects a new file, or delete this one if it is not needed.`,
      }),
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('replaces an earlier rejects file and an empty one (a load killed before writing)', async () => {
    const dir = folder({});
    for (const content of ['file,line,column,reason,row\norders.csv,2,amount,old,x\n', '']) {
      const file = path.join(dir, 'rejects.csv');
      fs.writeFileSync(file, content);
      const rejects = openRejects(file);
      await rejects.write('orders.csv', { line: 3, raw: 'y', column: 'status', reason: 'new' });
      await rejects.close();
      expect(fs.readFileSync(file, 'utf8')).toBe(
        'file,line,column,reason,row\norders.csv,3,status,new,y\n',
      );
    }
  });
});
