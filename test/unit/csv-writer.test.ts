import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { createCsvFileWriter, csvField, csvLine } from '../../seed/csv-writer.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-csv-'));

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('csvField', () => {
  it('writes null and undefined as empty fields', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('leaves plain text and numbers unquoted', () => {
    expect(csvField('鑫源数码专营店')).toBe('鑫源数码专营店');
    expect(csvField(1299.5)).toBe('1299.5');
    expect(csvField(0)).toBe('0');
  });

  it('quotes separators, line breaks and edge spaces and doubles inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('padded ')).toBe('"padded "');
  });
});

describe('csvLine', () => {
  it('joins fields with commas and ends the record with a newline', () => {
    expect(csvLine(['A1', 3, null, 'x,y'])).toBe('A1,3,,"x,y"\n');
  });
});

describe('createCsvFileWriter', () => {
  it('round-trips Chinese text, commas, quotes and line breaks through csv-parse', async () => {
    const rows = [
      ['M000001', '鑫源数码专营店', '上海'],
      ['M000002', '悦享"珠宝"工作室', '深圳'],
      ['M000003', '老街美妆,小店', '杭州'],
      ['M000004', ' 前后空格 ', '多行\n地址\r\n第三行'],
      ['M000005', '', '""'],
    ];
    const file = path.join(tmp, 'round-trip.csv');
    const writer = createCsvFileWriter(file, ['merchant_id', 'name', 'city']);
    for (const row of rows) await writer.write(row);
    await writer.close();

    const parsed = parse(fs.readFileSync(file, 'utf8'), { columns: false }) as string[][];
    expect(parsed).toEqual([['merchant_id', 'name', 'city'], ...rows]);
    expect(writer.rows).toBe(rows.length);
  });

  it('encodes astral characters after ASCII and fields larger than a write chunk, in order', async () => {
    const huge = `${'长'.repeat(70_000)}🙂`;
    const rows = [
      ['A1', 'abc🙂def', 'ok'],
      ['A2', huge, 'after huge'],
      ['A3', 'x'.repeat(200_000), '𠜎 end'],
    ];
    const file = path.join(tmp, 'astral.csv');
    const writer = createCsvFileWriter(file, ['id', 'text', 'tail']);
    for (const row of rows) await writer.write(row);
    await writer.close();
    const parsed = parse(fs.readFileSync(file, 'utf8'), { columns: false }) as string[][];
    expect(parsed).toEqual([['id', 'text', 'tail'], ...rows]);
  });

  it('writes the header even when no rows follow', async () => {
    const file = path.join(tmp, 'empty.csv');
    const writer = createCsvFileWriter(file, ['a', 'b']);
    await writer.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('a,b\n');
  });

  it('asks the caller to wait for drain under backpressure and loses no rows', async () => {
    const file = path.join(tmp, 'many.csv');
    const writer = createCsvFileWriter(file, ['n', 'text']);
    let waits = 0;
    const count = 200_000;
    for (let i = 0; i < count; i++) {
      const wait = writer.write([i, `行 ${i}, with "quotes"`]);
      if (wait) {
        waits++;
        await wait;
      }
    }
    await writer.close();
    expect(waits).toBeGreaterThan(0);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(count + 1);
    expect(lines[count]).toBe(`${count - 1},"行 ${count - 1}, with ""quotes"""`);
  });

  it('keeps text rows and raw byte chunks in write order', async () => {
    const file = path.join(tmp, 'raw.csv');
    const writer = createCsvFileWriter(file, ['id']);
    await writer.write(['first']);
    await writer.writeRaw(Buffer.from('second\nthird\n'), 2);
    await writer.writeRaw('fourth\n', 1);
    await writer.write(['fifth']);
    await writer.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('id\nfirst\nsecond\nthird\nfourth\nfifth\n');
    expect(writer.rows).toBe(5);
  });

  it('rejects on close when the file cannot be opened', async () => {
    const writer = createCsvFileWriter(path.join(tmp, 'missing-dir', 'x.csv'), ['a']);
    await expect(writer.close()).rejects.toThrow(/ENOENT/);
  });
});
