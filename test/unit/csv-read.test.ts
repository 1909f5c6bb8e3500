import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CsvBroken,
  type CsvRecord,
  MAX_FOLLOWED_CHARS,
  MAX_RECORD_CHARS,
  readCsv,
} from '../../seed/csv-read.ts';

type Item = CsvRecord | CsvBroken;

async function* chunksOf(chunks: readonly (Buffer | string)[]): AsyncGenerator<Buffer | string> {
  for (const chunk of chunks) yield chunk;
}

async function parse(input: string | readonly (Buffer | string)[]): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of readCsv(chunksOf(typeof input === 'string' ? [input] : input))) {
    items.push(item);
  }
  return items;
}

/** The UTF-8 bytes of `text` cut every `size` bytes, so multi-byte characters straddle chunks. */
function byteChunks(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

/** [line, fields] of records and [line, 'broken'] of broken items: the shape most tests compare. */
function summary(items: Item[]): [number, string[] | 'broken'][] {
  return items.map((item) => [item.line, item.kind === 'record' ? item.fields : 'broken']);
}

describe('readCsv', () => {
  it('strips a leading byte order mark from the first header field', async () => {
    const items = await parse('\uFEFFaccount_id,city\nA1,上海\n');
    expect(summary(items)).toEqual([
      [1, ['account_id', 'city']],
      [2, ['A1', '上海']],
    ]);
    expect(items[0]?.raw).toBe('account_id,city');
  });

  it('strips a byte order mark that arrives split over three one-byte Buffers', async () => {
    const items = await parse(byteChunks('\uFEFFid\nA1\n', 1));
    expect(summary(items)).toEqual([
      [1, ['id']],
      [2, ['A1']],
    ]);
  });

  it('accepts CRLF, LF and lone CR line ends, mixed in one file, and keeps them out of fields and raw', async () => {
    const items = await parse('a,b\r\n1,2\n3,4\r5,6\r\n7,8');
    expect(summary(items)).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
      [4, ['5', '6']],
      [5, ['7', '8']],
    ]);
    expect(items.map((item) => item.raw)).toEqual(['a,b', '1,2', '3,4', '5,6', '7,8']);
  });

  it('parses a file of lone CR line ends with a trailing CR into one record per line', async () => {
    expect(summary(await parse('a,b\r1,2\r3,4\r'))).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
    ]);
  });

  it('counts a lone CR inside a quoted field as a line, so later records keep their editor line numbers', async () => {
    expect(summary(await parse('a,b\r"x\ry",1\r2,3\r'))).toEqual([
      [1, ['a', 'b']],
      [2, ['x\ry', '1']],
      [4, ['2', '3']],
    ]);
  });

  it('resumes after broken quoting on the next lone-CR line instead of losing the rest of the file', async () => {
    const items = await parse(byteChunks('a,b\rx"y,1\r2,3\r4,5', 3));
    expect(summary(items)).toEqual([
      [1, ['a', 'b']],
      [2, 'broken'],
      [3, ['2', '3']],
      [4, ['4', '5']],
    ]);
    expect(items[1]?.raw).toBe('x"y,1');
  });

  it('keeps commas inside quotes, turns doubled quotes into one and keeps empty fields', async () => {
    const items = await parse('name,note,empty\n"Shop, ""Best""","a,b",""\n,,\n');
    expect(summary(items)).toEqual([
      [1, ['name', 'note', 'empty']],
      [2, ['Shop, "Best"', 'a,b', '']],
      [3, ['', '', '']],
    ]);
    expect(items[1]?.raw).toBe('"Shop, ""Best""","a,b",""');
  });

  it('keeps newlines inside quoted fields and numbers the following records by physical line', async () => {
    const items = await parse('id,city\nA1,"杭州\n西湖"\nA2,"two\r\nline\nbreaks"\nA3,plain\n');
    expect(summary(items)).toEqual([
      [1, ['id', 'city']],
      [2, ['A1', '杭州\n西湖']],
      [4, ['A2', 'two\r\nline\nbreaks']],
      [7, ['A3', 'plain']],
    ]);
    expect(items[1]?.raw).toBe('A1,"杭州\n西湖"');
  });

  it('skips blank lines (LF, CRLF and lone CR) but counts them in the line numbers', async () => {
    expect(summary(await parse('a,b\n\n1,2\r\n\r\n\r\n3,4\r\r5,6\n\n\n'))).toEqual([
      [1, ['a', 'b']],
      [3, ['1', '2']],
      [6, ['3', '4']],
      [8, ['5', '6']],
    ]);
  });

  it('reads a last record without a line end', async () => {
    expect(summary(await parse('a,b\n1,"x"'))).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x']],
    ]);
  });

  it('reports text after a closing quote as broken and resumes on the next line', async () => {
    const items = await parse('a,b\n"bad"x,1\n2,3\n');
    expect(items[1]).toEqual({
      kind: 'broken',
      line: 2,
      raw: '"bad"x,1',
      reason: expect.stringContaining('unexpected character after a closing quote'),
    });
    expect(summary(items)).toEqual([
      [1, ['a', 'b']],
      [2, 'broken'],
      [3, ['2', '3']],
    ]);
  });

  it('reports a quote inside an unquoted field as broken and resumes on the next line', async () => {
    const items = await parse('a,b\nab"c,1\r\n2,3\r\n');
    expect(items[1]).toEqual({
      kind: 'broken',
      line: 2,
      raw: 'ab"c,1',
      reason: expect.stringContaining('quote inside an unquoted field (field 1)'),
    });
    expect(summary(items)).toEqual([
      [1, ['a', 'b']],
      [2, 'broken'],
      [3, ['2', '3']],
    ]);
  });

  it('reports a quote that is never closed as broken on its own line and parses the lines after it', async () => {
    const items = await parse('a,b\n1,"never closed\n2,3\n4,5\n');
    expect(items[1]).toEqual({
      kind: 'broken',
      line: 2,
      raw: '1,"never closed',
      reason: 'quote opened on line 2 (field 2) is never closed',
    });
    expect(summary(items)).toEqual([
      [1, ['a', 'b']],
      [2, 'broken'],
      [3, ['2', '3']],
      [4, ['4', '5']],
    ]);
  });

  describe('a stray quote', () => {
    const T = '2026-03-14T21:05:09+08:00';
    const rows = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `U${from + i},${T},ok\n`).join('');
    /** The audit's accounts.csv: an unclosed quote on line 3, the next quote on line 51. */
    const text = `account_id,created_at,phone\nU1,${T},ok\nU2,${T},"oops\n${rows(3, 47)}U50,${T},"quoted"\n${rows(51, 9)}`;

    it('costs only its own line: the rows it runs into are read again and load with their line numbers', async () => {
      const items = await parse(text);
      // One item per data line: the loader's read = loaded + rejected holds line for line.
      expect(items).toHaveLength(60);
      expect(items[2]).toEqual({
        kind: 'broken',
        line: 3,
        raw: `U2,${T},"oops`,
        reason:
          'quote opened on line 3 (field 3) is never closed properly: on line 51, unexpected character after a closing quote (field 3)',
      });
      const records = items.filter((item) => item.kind === 'record');
      expect(records.map((item) => [item.line, item.fields[0]])).toEqual([
        [1, 'account_id'],
        [2, 'U1'],
        ...Array.from({ length: 57 }, (_, i) => [i + 4, `U${i + 3}`]),
      ]);
      expect(items[50]).toMatchObject({ line: 51, fields: ['U50', T, 'quoted'] });
    });

    it.each([1, 7, 4096])(
      'gives the same items when the bytes arrive as %i-byte Buffers',
      async (size) => {
        expect(await parse(byteChunks(text, size))).toEqual(await parse(text));
      },
    );

    it('rejects just the first line of a quoted field that spans lines and then breaks, and reads its second line as a record of its own', async () => {
      const items = await parse('a,b\n1,"x\ny"z\n2,3\n');
      expect(items[1]).toEqual({
        kind: 'broken',
        line: 2,
        raw: '1,"x',
        reason:
          'quote opened on line 2 (field 2) is never closed properly: on line 3, unexpected character after a closing quote (field 2)',
      });
      expect(items[2]).toMatchObject({
        kind: 'broken',
        line: 3,
        raw: 'y"z',
        reason: 'quote inside an unquoted field (field 1)',
      });
      expect(summary(items).slice(3)).toEqual([[4, ['2', '3']]]);
    });

    it('blames a later problem on the quoted field that carried the record over its first line', async () => {
      const items = await parse('a,b,c\n"ok","x\ny",b"c\n');
      expect(items[1]).toMatchObject({
        line: 2,
        raw: '"ok","x',
        reason:
          'quote opened on line 2 (field 2) is never closed properly: on line 3, quote inside an unquoted field (field 3)',
      });
    });
  });

  describe('records longer than MAX_RECORD_CHARS', () => {
    const T = '2026-03-14T21:05:09+08:00';
    const TOO_LONG = 'record longer than 1,048,576 characters';
    // Ten-odd megabytes through the reader: seconds on a busy machine.
    const BIG = { timeout: 30_000 };
    const keptOpen = (line: number, field: number) =>
      `quote opened on line ${line} (field ${field}) keeps its record open past 9,437,184 characters`;
    /** J1's third field: a correctly quoted `lines` lines of 1,000 characters. */
    const huge = (lines: number) =>
      `account_id,created_at,phone\nJ1,${T},"\n${Array.from({ length: lines }, () => 'a'.repeat(1000)).join('\n')}"\nJ2,${T},after\n`;
    let tmp: string;
    let savedTmpdir: string | undefined;

    // The spool goes to os.tmpdir(): a directory of the test's own shows what is left behind.
    beforeEach(() => {
      savedTmpdir = process.env.TMPDIR;
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-read-test-'));
      process.env.TMPDIR = tmp;
    });
    afterEach(() => {
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
      fs.rmSync(tmp, { recursive: true, force: true });
    });
    /** Bytes in the files the reader has in the test's directory: its spool. */
    const spooled = () =>
      fs
        .readdirSync(tmp, { recursive: true, encoding: 'utf8' })
        .map((name) => fs.statSync(path.join(tmp, name)))
        .filter((stat) => stat.isFile())
        .reduce((sum, stat) => sum + stat.size, 0);

    it.each([1400, 2500])(
      'rejects a well-formed quoted field of %i lines once, on its first line, and reads on after it, however the input is chunked',
      async (lines) => {
        const text = huge(lines);
        const expected = [
          [1, ['account_id', 'created_at', 'phone']],
          [2, 'broken'],
          [lines + 3, ['J2', T, 'after']],
        ];
        for (const chunks of [[text], byteChunks(text, 64 * 1024), byteChunks(text, 1 << 20)]) {
          const items = await parse(chunks);
          expect(summary(items)).toEqual(expected);
          expect(items[1]).toEqual({ kind: 'broken', line: 2, raw: `J1,${T},"`, reason: TOO_LONG });
        }
        expect(fs.readdirSync(tmp)).toEqual([]);
      },
    );

    it('holds a record of exactly the limit and rejects one a character longer, wherever the chunks end', async () => {
      const record = (chars: number) => `"${'a'.repeat(chars - 3)}"\n`;
      for (const size of [1 << 16, 1 << 20, 999_983]) {
        const fits = await parse(byteChunks(`v\n${record(MAX_RECORD_CHARS)}w\n`, size));
        expect(summary(fits).map(([line, kind]) => [line, kind === 'broken'])).toEqual([
          [1, false],
          [2, false],
          [3, false],
        ]);
        const over = await parse(byteChunks(`v\n${record(MAX_RECORD_CHARS + 1)}w\n`, size));
        expect(summary(over)).toEqual([
          [1, ['v']],
          [2, 'broken'],
          [3, ['w']],
        ]);
        expect(over[1]).toMatchObject({ reason: TOO_LONG });
      }
    });

    it('also bounds a line without quotes, keeping at most the limit of it as the raw row', async () => {
      const items = await parse(
        byteChunks(`v\n${'x'.repeat(MAX_RECORD_CHARS + 10)}\nw\n`, 1 << 16),
      );
      expect(summary(items)).toEqual([
        [1, ['v']],
        [2, 'broken'],
        [3, ['w']],
      ]);
      expect(items[1]).toMatchObject({ reason: TOO_LONG, raw: 'x'.repeat(MAX_RECORD_CHARS) });
    });

    it('reads the lines after a never-closed quote again when more than the limit follows it', async () => {
      const filler = Array.from({ length: 30_000 }, (_, i) => `row${i},${'x'.repeat(30)}`).join(
        '\n',
      );
      const text = `a,b\n1,"open\n${filler}\nlast,row\n`;
      const items = await parse(byteChunks(text, 64 * 1024));
      expect(items[1]).toEqual({
        kind: 'broken',
        line: 2,
        raw: '1,"open',
        reason: 'quote opened on line 2 (field 2) is never closed',
      });
      expect(items[2]).toMatchObject({ kind: 'record', line: 3, fields: ['row0', 'x'.repeat(30)] });
      expect(items.at(-1)).toMatchObject({ kind: 'record', line: 30_003, fields: ['last', 'row'] });
      expect(items).toHaveLength(30_003);
      expect(items.filter((item) => item.kind === 'broken')).toHaveLength(1);
      expect(fs.readdirSync(tmp)).toEqual([]);
    });

    it('reads again, encoding marks included, the rows a stray quote runs into when its false close comes past the limit', async () => {
      const gbk = Buffer.from([0xc9, 0xcf, 0xba, 0xa3]);
      const rows = (from: number, count: number) =>
        Array.from({ length: count }, (_, i) => `U${from + i},${T},${'x'.repeat(40)}\n`).join('');
      const bytes = Buffer.concat([
        Buffer.from(`account_id,created_at,phone\nU1,${T},"oops\nG1,${T},`),
        gbk,
        Buffer.from(`\n${rows(2, 20_000)}U3,${T},"quoted"\nU4,${T},ok`),
      ]);
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += 65_536) chunks.push(bytes.subarray(i, i + 65_536));
      const items = await parse(chunks);
      expect(items).toHaveLength(20_005);
      expect(items[1]).toMatchObject({
        kind: 'broken',
        line: 2,
        reason: expect.stringMatching(
          /^quote opened on line 2 \(field 3\) is never closed properly: on line 20004, unexpected character/,
        ),
      });
      expect(items[1]?.invalidUtf8).toBeUndefined();
      expect(items[2]).toMatchObject({ kind: 'record', line: 3, invalidUtf8: true });
      expect(items.filter((item) => item.invalidUtf8)).toHaveLength(1);
      expect(items.at(-2)).toMatchObject({ line: 20_004, fields: ['U3', T, 'quoted'] });
      expect(items.at(-1)).toMatchObject({ line: 20_005, fields: ['U4', T, 'ok'] });
      expect(fs.readdirSync(tmp)).toEqual([]);
    });

    it(
      'spools at most MAX_FOLLOWED_CHARS when a stray quote near the top of a large unquoted file is never closed, and still rejects only its line',
      BIG,
      async () => {
        const CHUNK = 64 * 1024;
        const rows = Array.from({ length: 350_000 }, (_, i) => `U${i + 2},${T},ok\n`).join('');
        const text = `account_id,created_at,phone\nU1,${T},ok\nA0,"abc\n${rows}`;
        // Unbounded, the spool held all of the file after line 3, in UTF-16.
        expect(text.length).toBeGreaterThan(1.3 * MAX_FOLLOWED_CHARS);
        let count = 0;
        let spool = 0;
        const broken: Item[] = [];
        const misplaced: Item[] = [];
        for await (const item of readCsv(chunksOf(byteChunks(text, CHUNK)))) {
          count += 1;
          if (item.kind === 'broken') {
            // The spool is complete when the reject comes out; it is read again after.
            spool = spooled();
            broken.push(item);
          } else if (
            item.line !== count ||
            (count > 3 && item.fields.join() !== `U${count - 2},${T},ok`)
          ) {
            misplaced.push(item);
          }
        }
        expect(count).toBe(350_003);
        expect(misplaced).toEqual([]);
        expect(broken).toEqual([
          { kind: 'broken', line: 3, raw: 'A0,"abc', reason: keptOpen(3, 2) },
        ]);
        // UTF-16 and 8 bytes of header a piece, up to the piece reaching MAX_FOLLOWED_CHARS.
        expect(spool).toBeLessThanOrEqual(
          2 * MAX_FOLLOWED_CHARS + 8 * Math.ceil(text.length / CHUNK),
        );
        expect(spool).toBeGreaterThan(2 * (MAX_FOLLOWED_CHARS - 2 * CHUNK));
        expect(fs.readdirSync(tmp)).toEqual([]);
      },
    );

    it(
      'follows a multi-line record of exactly MAX_FOLLOWED_CHARS to its end and cuts one a character longer, wherever the chunks end',
      BIG,
      async () => {
        const record = (chars: number) => `"\n${'a'.repeat(chars - 4)}"\n`;
        for (const size of [1 << 16, 1 << 20, 999_983]) {
          const followed = await parse(byteChunks(`v\n${record(MAX_FOLLOWED_CHARS)}w\n`, size));
          expect(summary(followed)).toEqual([
            [1, ['v']],
            [2, 'broken'],
            [4, ['w']],
          ]);
          expect(followed[1]).toMatchObject({ reason: TOO_LONG });
          const cut = await parse(byteChunks(`v\n${record(MAX_FOLLOWED_CHARS + 1)}w\n`, size));
          expect(summary(cut)).toEqual([
            [1, ['v']],
            [2, 'broken'],
            [3, 'broken'],
            [4, ['w']],
          ]);
          expect(cut[1]).toMatchObject({ raw: '"', reason: keptOpen(2, 1) });
          expect(cut[2]).toMatchObject({ reason: 'quote inside an unquoted field (field 1)' });
        }
        expect(fs.readdirSync(tmp)).toEqual([]);
      },
    );

    it(
      'reads a well-formed quoted field longer than MAX_FOLLOWED_CHARS line by line after rejecting its first line, however the input is chunked',
      BIG,
      async () => {
        // The loader then rejects each of those lines for its field count.
        const text = huge(10_000);
        expect(text.length).toBeGreaterThan(MAX_FOLLOWED_CHARS);
        const whole = await parse([text]);
        expect(whole).toHaveLength(10_003);
        expect(whole.every((item, i) => item.line === i + 1)).toBe(true);
        expect(whole[1]).toEqual({
          kind: 'broken',
          line: 2,
          raw: `J1,${T},"`,
          reason: keptOpen(2, 3),
        });
        expect(summary(whole.slice(2, 4))).toEqual([
          [3, ['a'.repeat(1000)]],
          [4, ['a'.repeat(1000)]],
        ]);
        expect(whole[10_001]).toMatchObject({
          kind: 'broken',
          line: 10_002,
          reason: 'quote inside an unquoted field (field 1)',
        });
        expect(summary(whole.slice(-1))).toEqual([[10_003, ['J2', T, 'after']]]);
        expect(whole.filter((item) => item.kind === 'broken')).toHaveLength(2);
        for (const size of [64 * 1024, 1 << 20]) {
          expect(await parse(byteChunks(text, size))).toEqual(whole);
        }
        expect(fs.readdirSync(tmp)).toEqual([]);
      },
    );

    it('removes its spool when the source fails while a long record is being followed', async () => {
      let spools = 0;
      async function* failing(): AsyncGenerator<Buffer> {
        const rows = Array.from({ length: 100_000 }, (_, i) => `U${i},${T},ok\n`).join('');
        yield* byteChunks(`account_id,created_at,phone\nA0,"abc\n${rows}`, 64 * 1024);
        spools = fs.readdirSync(tmp).length;
        throw new Error('read failed');
      }
      await expect(async () => {
        for await (const _ of readCsv(failing())) {
        }
      }).rejects.toThrow('read failed');
      expect(spools).toBe(1);
      expect(fs.readdirSync(tmp)).toEqual([]);
    });

    it('removes its spool when the reader is left in the middle of reading it again', async () => {
      const filler = Array.from({ length: 40_000 }, (_, i) => `row${i},${'x'.repeat(30)}`).join(
        '\n',
      );
      const items = readCsv(chunksOf(byteChunks(`a,b\n1,"open\n${filler}\n`, 64 * 1024)));
      for await (const item of items) {
        if (item.line < 5) continue;
        expect(fs.readdirSync(tmp)).toHaveLength(1);
        break;
      }
      expect(fs.readdirSync(tmp)).toEqual([]);
    });
  });

  describe('chunking', () => {
    const text = [
      '\uFEFFid,city,note\r\n',
      'A1,上海,"x, y"\r\n',
      '\r\n',
      'A2,"杭州\n西湖","say ""hi"""\n',
      'A3,北京,plain\r',
      'A4,深圳,"bad"x\n',
      'A5,广州,ab"c\r\n',
      'A6,"上海",""\r\n',
      '\n',
      '"A7",成都,"multi\r\nline"\r',
      'A8,"never closed\n',
      'A9,end,😀',
    ].join('');

    it('parses the reference text into the expected records, broken items and line numbers', async () => {
      expect(summary(await parse(text))).toEqual([
        [1, ['id', 'city', 'note']],
        [2, ['A1', '上海', 'x, y']],
        [4, ['A2', '杭州\n西湖', 'say "hi"']],
        [6, ['A3', '北京', 'plain']],
        [7, 'broken'],
        [8, 'broken'],
        [9, ['A6', '上海', '']],
        [11, ['A7', '成都', 'multi\r\nline']],
        [13, 'broken'],
        [14, ['A9', 'end', '😀']],
      ]);
    });

    it.each([1, 2, 3, 5, 7])(
      'gives identical results when the UTF-8 bytes arrive as %i-byte Buffers (characters split across chunks)',
      async (size) => {
        const whole = await parse(text);
        expect(await parse(byteChunks(text, size))).toEqual(whole);
      },
    );

    it('gives identical results for one whole Buffer and for one string per character', async () => {
      const whole = await parse(text);
      expect(await parse([Buffer.from(text, 'utf8')])).toEqual(whole);
      expect(await parse([...text])).toEqual(whole);
    });

    it('decodes 上海 correctly when each of its six bytes arrives in its own Buffer', async () => {
      const items = await parse(byteChunks('city\n上海\n', 1));
      expect(items.map((item) => item.kind === 'record' && item.fields[0])).toEqual([
        'city',
        '上海',
      ]);
    });

    it('treats a CRLF split between two chunks as one line end, not a blank line', async () => {
      expect(summary(await parse(['a,b\r', '\n1,2\r', '\n3,4']))).toEqual([
        [1, ['a', 'b']],
        [2, ['1', '2']],
        [3, ['3', '4']],
      ]);
    });

    it('keeps a doubled quote split between two chunks as one literal quote', async () => {
      expect(summary(await parse(['v\n"a"', '"b"\n']))).toEqual([
        [1, ['v']],
        [2, ['a"b']],
      ]);
    });
  });

  describe('encoding', () => {
    /** 上海 as a GBK export writes it: not UTF-8. */
    const GBK_SHANGHAI = Buffer.from([0xc9, 0xcf, 0xba, 0xa3]);
    const bytes = Buffer.concat([
      Buffer.from('id,city\r\nA1,上海\r\nA2,'),
      GBK_SHANGHAI,
      Buffer.from('\rA3,"杭州\n'),
      GBK_SHANGHAI,
      Buffer.from('"\nA4,上\uFFFD海\nA5,北京\nA6,'),
      // The first two bytes of 杭, never completed.
      Buffer.from('杭').subarray(0, 2),
    ]);
    /** What a replacement decoder (WHATWG) makes of them. */
    const GBK_DECODED = new TextDecoder().decode(GBK_SHANGHAI);
    /** [line, invalidUtf8] of every item. */
    const marks = (items: Item[]) => items.map((item) => [item.line, item.invalidUtf8 === true]);

    it('marks the records holding bytes that are not UTF-8 (a truncated last character too), not one spelling U+FFFD in UTF-8, and decodes both as a replacement decoder does', async () => {
      const items = await parse([bytes]);
      expect(marks(items)).toEqual([
        [1, false],
        [2, false],
        [3, true],
        [4, true],
        [6, false],
        [7, false],
        [8, true],
      ]);
      expect(items.map((item) => item.raw)).toEqual([
        'id,city',
        'A1,上海',
        `A2,${GBK_DECODED}`,
        `A3,"杭州\n${GBK_DECODED}"`,
        'A4,上\uFFFD海',
        'A5,北京',
        'A6,\uFFFD',
      ]);
    });

    it.each([1, 2, 3, 5, 7])(
      'marks the same records when the bytes arrive as %i-byte Buffers',
      async (size) => {
        const chunks: Buffer[] = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
        expect(await parse(chunks)).toEqual(await parse([bytes]));
      },
    );
  });
});
