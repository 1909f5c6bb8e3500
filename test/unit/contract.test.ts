import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTRACT, type ContractFile, LOAD_ORDER, MAX_KEY_CHARS } from '../../seed/contract.ts';
import {
  type Checked,
  checkRows,
  estimateRows,
  readHeader,
  scanKeys,
} from '../../seed/validate.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-contract-'));
let fileCount = 0;

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes `name` in a fresh folder: lines joined by LF, or the given bytes as they are. */
function writeCsv(name: string, content: string[] | Buffer): string {
  fileCount += 1;
  const dir = path.join(tmp, String(fileCount));
  fs.mkdirSync(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, Array.isArray(content) ? `${content.join('\n')}\n` : content);
  return file;
}

/** Header check, key scan and row check, as the loader runs them on one file. */
async function check(contract: ContractFile, content: string[] | Buffer): Promise<Checked[]> {
  const file = writeCsv(contract.file, content);
  const header = await readHeader(file, contract);
  const keyIndex = contract.key === undefined ? -1 : (header.index.get(contract.key) ?? -1);
  const repeated = keyIndex >= 0 ? (await scanKeys(file, keyIndex)).candidates : undefined;
  const out: Checked[] = [];
  for await (const checked of checkRows(file, contract, header, repeated)) out.push(checked);
  return out;
}

function rejectOf(checked: Checked | undefined) {
  if (checked?.kind !== 'reject')
    throw new Error(`expected a reject, got ${JSON.stringify(checked)}`);
  return checked.reject;
}

function validValue(checked: Checked | undefined): Record<string, unknown> {
  if (checked?.kind !== 'valid')
    throw new Error(`expected a valid row, got ${JSON.stringify(checked)}`);
  return checked.row.value as Record<string, unknown>;
}

const ORDER_HEADER = 'order_id,account_id,merchant_id,created_at,amount,payment_method,status';
const order = (
  fields: Partial<Record<'id' | 'at' | 'amount' | 'method' | 'status', string>> = {},
) =>
  [
    fields.id ?? 'O1',
    'A1',
    'M1',
    fields.at ?? '2026-03-14T21:05:09+08:00',
    fields.amount ?? '1299.00',
    fields.method ?? 'bnpl',
    fields.status ?? 'paid',
  ].join(',');

describe('CONTRACT', () => {
  it('lists the files in dependency order: accounts and merchants before the sessions and orders that reference them', () => {
    expect(LOAD_ORDER.map((name) => CONTRACT[name].file)).toEqual([
      'accounts.csv',
      'merchants.csv',
      'sessions.csv',
      'orders.csv',
    ]);
  });

  it('keys accounts, merchants and orders by their id column and leaves sessions (events) unkeyed', () => {
    expect(CONTRACT.accounts.key).toBe('account_id');
    expect(CONTRACT.merchants.key).toBe('merchant_id');
    expect(CONTRACT.orders.key).toBe('order_id');
    expect('key' in CONTRACT.sessions).toBe(false);
  });
});

describe('contract timestamps', () => {
  it.each([
    '2026-03-14T21:05:09+08:00',
    '2026-03-14T13:05:09Z',
    '2026-03-14T21:05:09.123+08:00',
    '2026-03-14T21:05+08:00',
    '2026-03-14T21:05:09+0800',
    '2026-03-14T08:05:09-05:00',
  ])('accepts %s as an ISO-8601 timestamp with offset', async (at) => {
    const [row] = await check(CONTRACT.orders, [ORDER_HEADER, order({ at })]);
    expect(validValue(row).created_at).toBe(at);
  });

  it.each([
    '2026-03-14T21:05:09',
    '2026-03-14',
    '2026-03-14 21:05:09+08:00',
    '14/03/2026 21:05',
    '2026-13-01T00:00:00Z',
    '',
  ])('rejects %j in created_at with a message showing the expected format', async (at) => {
    const [row] = await check(CONTRACT.orders, [ORDER_HEADER, order({ at })]);
    expect(rejectOf(row)).toMatchObject({
      line: 2,
      column: 'created_at',
      reason:
        'created_at must be an ISO-8601 timestamp with offset, e.g. 2026-03-14T21:05:09+08:00',
    });
  });

  it('accepts an empty optional bnpl_due_at as no value and rejects one without offset', async () => {
    const rows = await check(CONTRACT.orders, [
      `${ORDER_HEADER},bnpl_due_at`,
      `${order({ id: 'O1' })},`,
      `${order({ id: 'O2' })},2026-04-14T21:05:09`,
    ]);
    expect(validValue(rows[0]).bnpl_due_at).toBeUndefined();
    expect(rejectOf(rows[1])).toMatchObject({
      line: 3,
      column: 'bnpl_due_at',
      reason: 'bnpl_due_at must be empty or an ISO-8601 timestamp with offset',
    });
  });
});

describe('contract timestamp offsets', () => {
  it.each([
    '2026-03-14T21:05:09+18:00',
    '2026-03-14T21:05:09-18:00',
    '2026-03-14T21:05:09+05:45',
    '2026-03-14T21:05:09-0930',
    '2026-03-14T21:05:09+00:00',
  ])('accepts %s, whose offset Neo4j takes (within ±18:00, minutes 00-59)', async (at) => {
    const [row] = await check(CONTRACT.orders, [ORDER_HEADER, order({ at })]);
    expect(validValue(row).created_at).toBe(at);
  });

  it.each([
    ['2026-03-14T21:05:09+19:00', '+19:00'],
    ['2026-03-14T21:05:09+08:75', '+08:75'],
    ['2026-03-14T21:05:09+18:30', '+18:30'],
    ['2026-03-14T21:05:09-1801', '-1801'],
  ])('rejects %s, naming the offset and the range Neo4j accepts', async (at, offset) => {
    const [row] = await check(CONTRACT.orders, [ORDER_HEADER, order({ at })]);
    expect(rejectOf(row)).toMatchObject({
      line: 2,
      column: 'created_at',
      reason: `created_at has offset ${offset}, which Neo4j refuses: use Z or an offset from -18:00 to +18:00 with minutes 00-59`,
    });
  });

  it('checks the offset of an optional bnpl_due_at and of a session time the same way', async () => {
    const [order1] = await check(CONTRACT.orders, [
      `${ORDER_HEADER},bnpl_due_at`,
      `${order()},2026-04-14T21:05:09+08:75`,
    ]);
    expect(rejectOf(order1)).toMatchObject({
      column: 'bnpl_due_at',
      reason: expect.stringContaining('bnpl_due_at has offset +08:75, which Neo4j refuses'),
    });
    const [session] = await check(CONTRACT.sessions, [
      'actor_type,actor_id,device_id,at',
      'account,A1,D1,2026-01-05T10:00:00-19:00',
    ]);
    expect(rejectOf(session)).toMatchObject({
      column: 'at',
      reason: expect.stringContaining('at has offset -19:00, which Neo4j refuses'),
    });
  });
});

/** 上海 and 张三 as a GBK export writes them; decoded as UTF-8 they hold U+FFFD. */
const GBK_SHANGHAI = Buffer.from([0xc9, 0xcf, 0xba, 0xa3]);
const GBK_ZHANG_SAN = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]);

describe('contract encoding', () => {
  it('uses real GBK bytes in these tests', () => {
    expect(new TextDecoder('gbk').decode(GBK_SHANGHAI)).toBe('上海');
    expect(new TextDecoder('gbk').decode(GBK_ZHANG_SAN)).toBe('张三');
  });

  it('rejects rows that are not valid UTF-8, naming the column, and keeps the UTF-8 rows valid', async () => {
    const rows = await check(
      CONTRACT.merchants,
      Buffer.concat([
        Buffer.from('merchant_id,name,created_at,city\n'),
        Buffer.from('M1,'),
        GBK_ZHANG_SAN,
        Buffer.from('的店,2026-01-02T10:00:00+08:00,'),
        GBK_SHANGHAI,
        Buffer.from('\nM2,鑫源数码,2026-01-02T10:00:00+08:00,上海\n'),
        Buffer.from('M3,Fine,2026-01-02T10:00:00+08:00,'),
        GBK_SHANGHAI,
        Buffer.from('\n'),
      ]),
    );
    expect(rejectOf(rows[0])).toMatchObject({
      line: 2,
      column: 'name',
      reason: 'not valid UTF-8 (column name); re-export the file as UTF-8',
    });
    expect(validValue(rows[1])).toMatchObject({
      merchant_id: 'M2',
      name: '鑫源数码',
      city: '上海',
    });
    expect(rejectOf(rows[2])).toMatchObject({
      line: 4,
      column: 'city',
      reason: 'not valid UTF-8 (column city); re-export the file as UTF-8',
    });
  });

  it('keeps a row valid that spells U+FFFD in UTF-8 (EF BF BD): the bytes are valid UTF-8', async () => {
    const [row] = await check(
      CONTRACT.accounts,
      Buffer.concat([
        Buffer.from('account_id,created_at,city\nA1,2026-01-02T10:00:00+08:00,上'),
        Buffer.from([0xef, 0xbf, 0xbd]),
        Buffer.from('海\n'),
      ]),
    );
    expect(validValue(row).city).toBe('上\uFFFD海');
  });

  it('names the encoding, the cause to fix first, when a row that is not UTF-8 also has broken quoting', async () => {
    const [row] = await check(
      CONTRACT.accounts,
      Buffer.concat([
        Buffer.from('account_id,created_at,city\nA1,2026-01-02T10:00:00+08:00,"'),
        GBK_SHANGHAI,
        Buffer.from('"x\n'),
      ]),
    );
    expect(rejectOf(row)).toMatchObject({
      column: '',
      reason: 'not valid UTF-8; re-export the file as UTF-8',
    });
  });

  it("finds no invalid UTF-8 where the reader's 1 MiB chunks split a Chinese character", async () => {
    const head = 'account_id,created_at,city\nA1,2026-01-02T10:00:00+08:00,';
    const next = '\nA2,2026-01-02T10:00:00+08:00,';
    // A long city pads A1 so that 杭 (3 bytes) starts one byte before the first chunk ends.
    const pad = (1 << 20) - 1 - Buffer.byteLength(head) - Buffer.byteLength(next);
    const content = Buffer.from(`${head}${'x'.repeat(pad)}${next}杭州西湖区\n`);
    expect(content.subarray((1 << 20) - 1, (1 << 20) + 2).toString('utf8')).toBe('杭');
    const rows = await check(CONTRACT.accounts, content);
    expect(rows.map((checked) => checked.kind)).toEqual(['valid', 'valid']);
    expect(validValue(rows[1]).city).toBe('杭州西湖区');
  });
});

describe('contract amounts', () => {
  it('turns a decimal amount into a number', async () => {
    const [row] = await check(CONTRACT.orders, [ORDER_HEADER, order({ amount: '1299.50' })]);
    expect(validValue(row).amount).toBe(1299.5);
  });

  it('rejects a negative amount, naming the column', async () => {
    const [row] = await check(CONTRACT.orders, [ORDER_HEADER, order({ amount: '-5.00' })]);
    expect(rejectOf(row)).toMatchObject({
      column: 'amount',
      reason: 'amount must not be negative',
    });
  });

  it.each(['abc', '"1,299.00"', '12e3', '$5', ''])(
    'rejects the non-numeric amount %j with an example of the expected form',
    async (amount) => {
      const [row] = await check(CONTRACT.orders, [ORDER_HEADER, order({ amount })]);
      expect(rejectOf(row)).toMatchObject({
        column: 'amount',
        reason: 'amount must be a decimal number like 1299.00',
      });
    },
  );

  it('rejects an amount and a bnpl_limit too large to be a number (hundreds of digits parse to Infinity)', async () => {
    const huge = `1${'0'.repeat(400)}`;
    const [orderRow] = await check(CONTRACT.orders, [ORDER_HEADER, order({ amount: huge })]);
    expect(rejectOf(orderRow)).toMatchObject({
      column: 'amount',
      reason: 'amount is too large to be a number',
    });
    const [account] = await check(CONTRACT.accounts, [
      'account_id,created_at,bnpl_limit',
      `A1,2026-01-02T10:00:00+08:00,${huge}.00`,
    ]);
    expect(rejectOf(account)).toMatchObject({
      column: 'bnpl_limit',
      reason: 'bnpl_limit is too large to be a number',
    });
  });

  it('stores -0 and -0.00 as 0, as the bulk path writes them, not as -0.0', async () => {
    const rows = await check(CONTRACT.orders, [
      ORDER_HEADER,
      order({ id: 'O1', amount: '-0' }),
      order({ id: 'O2', amount: '-0.00' }),
    ]);
    for (const row of rows) expect(Object.is(validValue(row).amount, 0)).toBe(true);
    const [account] = await check(CONTRACT.accounts, [
      'account_id,created_at,bnpl_limit',
      'A1,2026-01-02T10:00:00+08:00,-0.0',
    ]);
    expect(Object.is(validValue(account).bnpl_limit, 0)).toBe(true);
  });

  it('rejects a negative optional bnpl_limit on an account and accepts an empty one', async () => {
    const rows = await check(CONTRACT.accounts, [
      'account_id,created_at,bnpl_limit',
      'A1,2026-01-02T10:00:00+08:00,',
      'A2,2026-01-02T10:00:00+08:00,-1',
    ]);
    expect(validValue(rows[0]).bnpl_limit).toBeUndefined();
    expect(rejectOf(rows[1])).toMatchObject({
      line: 3,
      column: 'bnpl_limit',
      reason: 'bnpl_limit must not be negative',
    });
  });
});

describe('contract enums', () => {
  it('rejects an unknown order status, listing the allowed values', async () => {
    const [row] = await check(CONTRACT.orders, [ORDER_HEADER, order({ status: 'lost' })]);
    expect(rejectOf(row)).toMatchObject({
      column: 'status',
      reason: 'status must be one of paid, shipped, delivered, refunded, cancelled',
    });
  });

  it('accepts an empty repayment_status as no value and a listed one as given', async () => {
    const rows = await check(CONTRACT.orders, [
      `${ORDER_HEADER},repayment_status`,
      `${order({ id: 'O1' })},`,
      `${order({ id: 'O2' })},n/a`,
    ]);
    expect(validValue(rows[0]).repayment_status).toBeUndefined();
    expect(validValue(rows[1]).repayment_status).toBe('n/a');
  });

  it('rejects an unknown repayment_status in its column, listing the allowed values', async () => {
    const [row] = await check(CONTRACT.orders, [
      `${ORDER_HEADER},repayment_status`,
      `${order()},late`,
    ]);
    expect(rejectOf(row)).toMatchObject({
      line: 2,
      column: 'repayment_status',
      reason: 'repayment_status must be one of n/a, open, repaid, overdue, defaulted',
    });
  });

  it('trims status, repayment_status, payment_method and actor_type like every other column', async () => {
    const [orderRow] = await check(CONTRACT.orders, [
      `${ORDER_HEADER},repayment_status`,
      `${order({ method: ' bnpl ', status: 'paid ' })}, open `,
    ]);
    expect(validValue(orderRow)).toMatchObject({
      payment_method: 'bnpl',
      status: 'paid',
      repayment_status: 'open',
    });
    const [session] = await check(CONTRACT.sessions, [
      'actor_type,actor_id,device_id,at',
      'account ,A1,D1,2026-01-05T10:00:00+08:00',
    ]);
    expect(validValue(session).actor_type).toBe('account');
  });

  it('takes a blank repayment_status as no value', async () => {
    const [row] = await check(CONTRACT.orders, [
      `${ORDER_HEADER},repayment_status`,
      `${order()},   `,
    ]);
    expect(validValue(row).repayment_status).toBeUndefined();
  });

  it('rejects a session actor_type other than account or merchant', async () => {
    const rows = await check(CONTRACT.sessions, [
      'actor_type,actor_id,device_id,at',
      'courier,C1,D1,2026-01-05T10:00:00+08:00',
      'merchant,M1,D1,2026-01-05T10:00:00+08:00',
    ]);
    expect(rejectOf(rows[0])).toMatchObject({
      column: 'actor_type',
      reason: 'actor_type must be account or merchant',
    });
    expect(validValue(rows[1])).toMatchObject({ actor_type: 'merchant', actor_id: 'M1' });
  });

  it('rejects an upper-case payment_method as not a lowercase word', async () => {
    const [row] = await check(CONTRACT.orders, [ORDER_HEADER, order({ method: 'BNPL' })]);
    expect(rejectOf(row)).toMatchObject({
      column: 'payment_method',
      reason: 'payment_method must be a lowercase word such as bnpl, card or wallet',
    });
  });
});

describe('contract required and optional fields', () => {
  it('rejects an empty or blank required id, naming the column', async () => {
    const rows = await check(CONTRACT.accounts, [
      'account_id,created_at',
      ',2026-01-02T10:00:00+08:00',
      '   ,2026-01-02T10:00:00+08:00',
    ]);
    for (const row of rows) {
      expect(rejectOf(row)).toMatchObject({
        column: 'account_id',
        reason: 'required account_id is empty',
      });
    }
  });

  it('accepts a file whose header holds only the required columns and leaves the optional ones undefined', async () => {
    const [row] = await check(CONTRACT.accounts, [
      'account_id,created_at',
      'A1,2026-01-02T10:00:00+08:00',
    ]);
    expect(validValue(row)).toEqual({
      account_id: 'A1',
      created_at: '2026-01-02T10:00:00+08:00',
      phone: undefined,
      id_hash: undefined,
      bnpl_limit: undefined,
      kyc_level: undefined,
      city: undefined,
    });
  });

  it('reads columns by header name whatever their order, trimming surrounding spaces', async () => {
    const [row] = await check(CONTRACT.accounts, [
      'city,created_at,account_id',
      ' 上海 ,2026-01-02T10:00:00+08:00, A1 ',
    ]);
    expect(validValue(row)).toMatchObject({ account_id: 'A1', city: '上海' });
  });

  it('rejects a row with a different number of fields than the header', async () => {
    const [row] = await check(CONTRACT.accounts, [
      'account_id,created_at',
      'A1,2026-01-02T10:00:00+08:00,extra',
    ]);
    expect(rejectOf(row)).toMatchObject({
      line: 2,
      column: '',
      reason: 'expected 2 fields as in the header, found 3',
    });
  });

  it('rejects a row with broken quoting and goes on with the next row', async () => {
    const rows = await check(CONTRACT.accounts, [
      'account_id,created_at',
      '"A1"x,2026-01-02T10:00:00+08:00',
      'A2,2026-01-02T10:00:00+08:00',
    ]);
    expect(rejectOf(rows[0])).toMatchObject({
      line: 2,
      column: '',
      reason: expect.stringMatching(/^broken CSV: /),
    });
    expect(validValue(rows[1]).account_id).toBe('A2');
  });

  it('reports the raw text and physical line of a rejected row that follows a multi-line quoted field', async () => {
    const rows = await check(CONTRACT.accounts, [
      'account_id,created_at,city',
      'A1,2026-01-02T10:00:00+08:00,"杭州\n西湖"',
      'A2,yesterday,上海',
    ]);
    expect(validValue(rows[0]).city).toBe('杭州\n西湖');
    expect(rejectOf(rows[1])).toEqual({
      line: 4,
      raw: 'A2,yesterday,上海',
      column: 'created_at',
      reason: expect.any(String),
    });
  });
});

const A_TIME = '2026-01-02T10:00:00+08:00';
const LONG = 'x'.repeat(9000);

describe('contract maximum lengths', () => {
  it.each([
    ['accounts', 'account_id', ['account_id,created_at', `${LONG},${A_TIME}`]],
    ['accounts', 'phone', ['account_id,created_at,phone', `A1,${A_TIME},${LONG}`]],
    ['accounts', 'id_hash', ['account_id,created_at,id_hash', `A1,${A_TIME},${LONG}`]],
    ['merchants', 'merchant_id', ['merchant_id,created_at', `${LONG},${A_TIME}`]],
    ['merchants', 'name', ['merchant_id,created_at,name', `M1,${A_TIME},${LONG}`]],
    [
      'merchants',
      'owner_id_hash',
      ['merchant_id,created_at,owner_id_hash', `M1,${A_TIME},${LONG}`],
    ],
    [
      'merchants',
      'payout_account',
      ['merchant_id,created_at,payout_account', `M1,${A_TIME},${LONG}`],
    ],
    ['sessions', 'actor_id', ['actor_type,actor_id,device_id,at', `account,${LONG},D1,${A_TIME}`]],
    ['sessions', 'device_id', ['actor_type,actor_id,device_id,at', `account,A1,${LONG},${A_TIME}`]],
    ['sessions', 'ip', ['actor_type,actor_id,device_id,ip,at', `account,A1,D1,${LONG},${A_TIME}`]],
    ['orders', 'order_id', [ORDER_HEADER, order({ id: LONG })]],
    ['orders', 'payment_method', [ORDER_HEADER, order({ method: 'b'.repeat(9000) })]],
    ['orders', 'device_id', [`${ORDER_HEADER},device_id`, `${order()},${LONG}`]],
    ['orders', 'ip', [`${ORDER_HEADER},ip`, `${order()},${LONG}`]],
    ['orders', 'address_hash', [`${ORDER_HEADER},address_hash`, `${order()},${LONG}`]],
    ['orders', 'tracking_no', [`${ORDER_HEADER},tracking_no`, `${order()},${LONG}`]],
  ] as const)(
    'rejects a 9,000-character %s %s, which Neo4j could not index, saying how long it may be',
    async (name, column, lines) => {
      const [row] = await check(CONTRACT[name], [...lines]);
      expect(rejectOf(row)).toMatchObject({
        line: 2,
        column,
        reason: `${column} is longer than 1,000 characters (9,000); indexed values are capped to stay under Neo4j's index size limit`,
      });
    },
  );

  it('rejects an order whose account_id or merchant_id is too long to be any loaded id', async () => {
    const rows = await check(CONTRACT.orders, [
      ORDER_HEADER,
      `O1,${LONG},M1,${A_TIME},10.00,card,paid`,
      `O2,A1,${LONG},${A_TIME},10.00,card,paid`,
    ]);
    expect(rows.map((row) => rejectOf(row).column)).toEqual(['account_id', 'merchant_id']);
  });

  it('accepts an id of exactly MAX_KEY_CHARS characters, even of 3-byte Chinese characters', async () => {
    expect(MAX_KEY_CHARS).toBe(1000);
    const id = '账'.repeat(MAX_KEY_CHARS);
    const rows = await check(CONTRACT.accounts, [
      'account_id,created_at,phone',
      `${id},${A_TIME},${id}`,
      ` ${'a'.repeat(MAX_KEY_CHARS)} ,${A_TIME},`,
    ]);
    expect(validValue(rows[0])).toMatchObject({ account_id: id, phone: id });
    // Counted after trimming, as stored.
    expect(validValue(rows[1]).account_id).toBe('a'.repeat(MAX_KEY_CHARS));
  });

  it('leaves columns that are not indexed (city, category, kyc_level) unbounded', async () => {
    const [row] = await check(CONTRACT.merchants, [
      'merchant_id,created_at,city,category',
      `M1,${A_TIME},${LONG},${LONG}`,
    ]);
    expect(validValue(row)).toMatchObject({ city: LONG, category: LONG });
  });
});

describe('readHeader', () => {
  it('reports unknown extra columns and indexes every column by name', async () => {
    const file = writeCsv('accounts.csv', [
      '\uFEFFaccount_id,created_at,nickname,shoe_size',
      'A1,2026-01-02T10:00:00+08:00,x,42',
    ]);
    const header = await readHeader(file, CONTRACT.accounts);
    expect(header.unknown).toEqual(['nickname', 'shoe_size']);
    expect(header.columns).toEqual(['account_id', 'created_at', 'nickname', 'shoe_size']);
    expect(header.index.get('created_at')).toBe(1);
  });

  it('reports no unknown columns when every column belongs to the contract', async () => {
    const file = writeCsv('merchants.csv', [
      'merchant_id,name,created_at,category,city,owner_id_hash,payout_account',
    ]);
    expect((await readHeader(file, CONTRACT.merchants)).unknown).toEqual([]);
  });

  it('throws CSV_COLUMN_MISSING naming the file, the missing column and the header it found', async () => {
    const file = writeCsv('accounts.csv', ['account_id,city', 'A1,上海']);
    await expect(readHeader(file, CONTRACT.accounts)).rejects.toMatchObject({
      code: 'CSV_COLUMN_MISSING',
      message: `${file}: required column created_at missing; the header has: account_id, city.`,
    });
  });

  it('names every missing required column at once', async () => {
    const file = writeCsv('orders.csv', ['order_id,account_id,merchant_id,created_at']);
    await expect(readHeader(file, CONTRACT.orders)).rejects.toThrow(
      /orders\.csv: required columns amount, payment_method, status missing/,
    );
  });

  it('throws CSV_EMPTY for an empty file', async () => {
    const file = path.join(tmp, 'empty-accounts.csv');
    fs.writeFileSync(file, '');
    await expect(readHeader(file, CONTRACT.accounts)).rejects.toMatchObject({
      code: 'CSV_EMPTY',
      message: expect.stringContaining(`${file}: the file is empty`),
    });
  });

  it('throws CSV_HEADER when the header row itself has broken quoting', async () => {
    const file = writeCsv('accounts.csv', ['"account_id"x,created_at']);
    await expect(readHeader(file, CONTRACT.accounts)).rejects.toMatchObject({ code: 'CSV_HEADER' });
  });

  it('throws CSV_COLUMN_DUPLICATE naming the file, the column and its positions when a contract column is named twice', async () => {
    const file = writeCsv('accounts.csv', [
      'account_id,created_at,city,city',
      'A1,2026-01-02T10:00:00+08:00,上海,北京',
    ]);
    await expect(readHeader(file, CONTRACT.accounts)).rejects.toMatchObject({
      code: 'CSV_COLUMN_DUPLICATE',
      message: `${file}: the header names city (columns 3, 4) more than once; keep one column of each name and load again.`,
    });
  });

  it('counts a column named twice only once it is trimmed, like every column name', async () => {
    const file = writeCsv('accounts.csv', ['account_id, created_at,created_at ']);
    await expect(readHeader(file, CONTRACT.accounts)).rejects.toThrow(
      'the header names created_at (columns 2, 3) more than once',
    );
  });

  it('ignores an unknown column named twice, as it ignores any unknown column', async () => {
    const file = writeCsv('accounts.csv', ['account_id,created_at,note,note']);
    expect((await readHeader(file, CONTRACT.accounts)).unknown).toEqual(['note', 'note']);
  });

  it('keeps rows with a trailing empty field valid under a header with a trailing comma', async () => {
    const rows = await check(CONTRACT.accounts, [
      'account_id,created_at,',
      'A1,2026-01-02T10:00:00+08:00,',
    ]);
    expect(validValue(rows[0]).account_id).toBe('A1');
  });

  it.each([
    ['UTF-16LE', 'utf16le', [0xff, 0xfe]],
    ['UTF-16BE', 'utf16be', [0xfe, 0xff]],
    ['UTF-16LE', 'utf16le', []],
  ] as const)(
    'throws CSV_ENCODING saying the file looks like %s and must be UTF-8 (encoded %s, BOM %j)',
    async (name, encoding, bom) => {
      const text = 'account_id,created_at,city\r\nA1,2026-01-02T10:00:00+08:00,上海\r\n';
      const le = Buffer.from(text, 'utf16le');
      const bytes = encoding === 'utf16le' ? le : Buffer.from(le).swap16();
      const file = writeCsv('accounts.csv', Buffer.concat([Buffer.from(bom), bytes]));
      await expect(readHeader(file, CONTRACT.accounts)).rejects.toMatchObject({
        code: 'CSV_ENCODING',
        message: `${file}: the file is not UTF-8; it looks like ${name} (its header holds NUL bytes). Save it as UTF-8 (in Excel: "CSV UTF-8") and load again.`,
      });
    },
  );
});

describe('scanKeys', () => {
  it('counts data rows (not the header) and finds the keys that occur more than once', async () => {
    const file = writeCsv('orders.csv', [
      ORDER_HEADER,
      order({ id: 'O1' }),
      order({ id: 'O2' }),
      order({ id: 'O1' }),
      order({ id: 'O3' }),
      order({ id: 'O3', amount: '1.00' }),
      order({ id: 'O3' }),
    ]);
    const scan = await scanKeys(file, 0);
    expect(scan.rows).toBe(6);
    expect([...scan.candidates].sort()).toEqual(['O1', 'O3']);
  });

  it('reports zero rows for a header-only file', async () => {
    const file = writeCsv('orders.csv', [ORDER_HEADER]);
    expect(await scanKeys(file, 0)).toEqual({ rows: 0, candidates: new Set() });
  });
});

describe('estimateRows', () => {
  it.each([
    ['LF with a last line end', 'a,b\n1,2\n3,4\n', 2],
    ['CRLF without a last line end', 'a,b\r\n1,2\r\n3,4', 2],
    ['lone CR', 'a,b\r1,2\r3,4\r', 2],
    ['a header only', 'a,b\n', 0],
    ['nothing', '', 0],
  ])('counts the data rows of a file with %s', async (_, content, rows) => {
    expect(await estimateRows(writeCsv('sessions.csv', Buffer.from(content)))).toBe(rows);
  });
});

describe('checkRows duplicate keys', () => {
  it('turns an identical repeat of an earlier row into `repeat` and keeps the first as valid', async () => {
    const rows = await check(CONTRACT.orders, [
      ORDER_HEADER,
      order({ id: 'O1' }),
      order({ id: 'O2' }),
      order({ id: 'O1' }),
    ]);
    expect(rows.map((row) => row.kind)).toEqual(['valid', 'valid', 'repeat']);
    // The repeat shares the first row's entry, so it can follow that row's fate in the loader.
    expect(rows[2]).toMatchObject({ kind: 'repeat', line: 4, first: { line: 2 } });
    expect(rows[0]?.kind === 'valid' && rows[0].first).toBe(
      rows[2]?.kind === 'repeat' && rows[2].first,
    );
  });

  it('rejects a repeat with conflicting data, naming the key and the line of the first occurrence', async () => {
    const rows = await check(CONTRACT.orders, [
      ORDER_HEADER,
      order({ id: 'O2' }),
      order({ id: 'O1', amount: '10.00' }),
      order({ id: 'O1', amount: '10.00' }),
      order({ id: 'O1', amount: '11.00' }),
    ]);
    expect(rows.map((row) => row.kind)).toEqual(['valid', 'valid', 'repeat', 'reject']);
    expect(rejectOf(rows[3])).toMatchObject({
      line: 5,
      column: 'order_id',
      reason: "duplicate order_id 'O1' with data conflicting with line 3",
    });
  });

  it('compares the trimmed values: a repeat that differs only in padding is identical, not conflicting', async () => {
    const rows = await check(CONTRACT.orders, [
      ORDER_HEADER,
      order({ id: 'WO4' }),
      order({ id: ' WO4', status: ' paid' }),
    ]);
    expect(rows.map((row) => row.kind)).toEqual(['valid', 'repeat']);
  });

  it('takes a repeat that differs only in a column the load ignores as identical', async () => {
    const rows = await check(CONTRACT.accounts, [
      'account_id,created_at,nickname',
      'A1,2026-01-02T10:00:00+08:00,Ann',
      'A1,2026-01-02T10:00:00+08:00,Annie',
    ]);
    expect(rows.map((row) => row.kind)).toEqual(['valid', 'repeat']);
  });

  it('still rejects a repeat whose optional value is empty where the first had one', async () => {
    const rows = await check(CONTRACT.accounts, [
      'account_id,created_at,city',
      'A1,2026-01-02T10:00:00+08:00,上海',
      'A1,2026-01-02T10:00:00+08:00,',
    ]);
    expect(rejectOf(rows[1])).toMatchObject({
      column: 'account_id',
      reason: "duplicate account_id 'A1' with data conflicting with line 2",
    });
  });

  it('compares duplicates against the first valid occurrence even after a rejected row with the same key', async () => {
    const rows = await check(CONTRACT.accounts, [
      'account_id,created_at',
      'A1,not-a-time',
      'A1,2026-01-02T10:00:00+08:00',
      'A1,2026-01-02T10:00:00+08:00',
    ]);
    expect(rows.map((row) => row.kind)).toEqual(['reject', 'valid', 'repeat']);
  });
});
