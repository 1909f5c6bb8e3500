import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Set on a record whose bytes are not all UTF-8 (e.g. a GBK export); its text holds U+FFFD
 * there. A U+FFFD that the file spells in UTF-8 (EF BF BD) is text like any other and sets nothing.
 */
type Encoding = { invalidUtf8?: true };
/** A parsed record; `line` is the physical line it starts on (the header is line 1). */
export type CsvRecord = Encoding & { kind: 'record'; line: number; fields: string[]; raw: string };
/**
 * A record that is not valid RFC 4180 or is longer than MAX_RECORD_CHARS. `raw` is its first
 * line (at most MAX_RECORD_CHARS of it). A broken record resumes on its second line, so a stray
 * quote costs one line; a record that is only too long is skipped whole, unless it is still
 * open past MAX_FOLLOWED_CHARS: then it counts as broken.
 */
export type CsvBroken = Encoding & { kind: 'broken'; line: number; raw: string; reason: string };

const QUOTE = 34;
const COMMA = 44;
export const CR = 13;
export const LF = 10;

/**
 * The most of one record (line ends and quotes included) the reader holds in memory; a longer
 * record is rejected without being held. Counted from the record's start, so where the limit
 * falls does not depend on how the input was chunked.
 */
export const MAX_RECORD_CHARS = 1 << 20;
const TOO_LONG = `record longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters`;

/**
 * How far the reader follows a record too long to hold. What follows its first line waits in a
 * temporary file (UTF-16: at most about 19 MB) until the record ends; one still open past this
 * many characters is taken for a stray quote, so its first line is rejected and the lines after
 * it are read again. Nine times MAX_RECORD_CHARS: a real field as long as the audit's 2.5 MB one
 * stays a single reject with room to spare, and a stray quote in a file of any size costs at
 * most this much disk, which is often tmpfs, that is memory.
 */
export const MAX_FOLLOWED_CHARS = 9 * MAX_RECORD_CHARS;
const KEPT_OPEN = `keeps its record open past ${MAX_FOLLOWED_CHARS.toLocaleString('en-US')} characters`;

/** [start, end) of text whose bytes were not UTF-8. */
type Span = [number, number];
/** Decoded text with the spans of it, relative to its start, whose bytes were not UTF-8. */
type Piece = { text: string; invalid: Span[] };

type Problem = {
  kind: 'quote-in-unquoted' | 'after-closing-quote' | 'never-closed';
  field: number;
  /** Line breaks between the record's start and the problem. */
  breaks: number;
};

function quoteOpened(line: number, field: number): string {
  return `quote opened on line ${line} (field ${field})`;
}

function describe(problem: Problem): string {
  switch (problem.kind) {
    case 'quote-in-unquoted':
      return `quote inside an unquoted field (field ${problem.field})`;
    case 'after-closing-quote':
      return `unexpected character after a closing quote (field ${problem.field})`;
    case 'never-closed':
      return `quoted field is never closed (field ${problem.field})`;
  }
}

/**
 * A record that goes wrong past its first line is blamed on the quoted field that carried it
 * over that line (`spanningField`): most likely a quote that was never closed where it opened,
 * so the lines after it are ordinary records, which are read again.
 */
function brokenReason(line: number, spanningField: number, problem: Problem): string {
  if (problem.breaks === 0) return describe(problem);
  const opened = quoteOpened(line, spanningField);
  if (problem.kind === 'never-closed' && problem.field === spanningField) {
    return `${opened} is never closed`;
  }
  return `${opened} is never closed properly: on line ${line + problem.breaks}, ${describe(problem)}`;
}

type Parsed =
  | { state: 'done'; fields: string[]; end: number }
  | { state: 'need-more' }
  | { state: 'too-long' }
  | { state: 'broken'; reason: string; resumeAt: number };

const NEED_MORE: Parsed = { state: 'need-more' };
const TOO_LONG_RECORD: Parsed = { state: 'too-long' };

/**
 * Index just past the first line break (LF, CRLF or a lone CR) in [from, end); -1 if the text
 * up to `end` does not tell yet.
 */
function nextLineStart(text: string, from: number, end: number, final: boolean): number {
  for (let i = from; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code === LF) return i + 1;
    if (code === CR) {
      if (i + 1 >= end) return final ? i + 1 : -1;
      return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    }
  }
  return final ? end : -1;
}

/**
 * The field (from 1) whose quotes carry the record starting at `start` over its first line
 * break, which lies before `lineEnd`. Found again only once a record breaks, so that parsing
 * keeps no note of quoted fields.
 */
function spanningField(text: string, start: number, lineEnd: number): number {
  let field = 1;
  let quoted = false;
  for (let i = start; i < lineEnd; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) quoted = !quoted;
    else if (code === COMMA && !quoted) field += 1;
  }
  return field;
}

/** The record starting at `start` is broken at `at`; it resumes on its second line. */
function broken(
  text: string,
  start: number,
  line: number,
  end: number,
  complete: boolean,
  at: number,
  kind: Problem['kind'],
  field: number,
): Parsed {
  const resumeAt = nextLineStart(text, start, end, complete);
  if (resumeAt === -1) return text.length > end ? TOO_LONG_RECORD : NEED_MORE;
  const breaks = resumeAt <= at ? countLines(text, start, at) : 0;
  // Past its first line break the record was well-formed, so that break lies in a quoted field.
  const spanning = breaks === 0 ? 0 : spanningField(text, start, resumeAt);
  return {
    state: 'broken',
    resumeAt,
    reason: brokenReason(line, spanning, { kind, field, breaks }),
  };
}

/**
 * Parses one record starting at `start` (on line `line`), reading at most MAX_RECORD_CHARS of
 * it. A broken record reports where its first line ends so the reader can resynchronise there
 * instead of losing the records a stray quote runs into.
 */
function parseRecord(text: string, start: number, line: number, final: boolean): Parsed {
  const length = Math.min(text.length, start + MAX_RECORD_CHARS);
  const complete = final && length === text.length;
  const more = text.length > length ? TOO_LONG_RECORD : NEED_MORE;
  const fields: string[] = [];
  let pos = start;
  // Set by each problem for the one report after the loop; the field at fault is never yet in
  // `fields`.
  let at: number;
  let kind: Problem['kind'];
  record: for (;;) {
    if (pos < length && text.charCodeAt(pos) === QUOTE) {
      let value = '';
      let chunkStart = pos + 1;
      let cursor = pos + 1;
      for (;;) {
        const found = text.indexOf('"', cursor);
        const close = found >= length ? -1 : found;
        if (close === -1) {
          if (!complete) return more;
          at = length;
          kind = 'never-closed';
          break record;
        }
        if (close + 1 >= length && !complete) return more;
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += text.slice(chunkStart, close + 1);
          cursor = close + 2;
          chunkStart = cursor;
          continue;
        }
        value += text.slice(chunkStart, close);
        pos = close + 1;
        break;
      }
      const next = pos < length ? text.charCodeAt(pos) : -1;
      if (next !== COMMA && next !== LF && next !== CR && next !== -1) {
        at = pos;
        kind = 'after-closing-quote';
        break;
      }
      fields.push(value);
      if (next === COMMA) {
        pos += 1;
        continue;
      }
      if (next === -1) return complete ? { state: 'done', fields, end: pos } : more;
      if (next === LF) return { state: 'done', fields, end: pos + 1 };
      if (pos + 1 >= length && !complete) return more;
      return { state: 'done', fields, end: text.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1 };
    }
    let cursor = pos;
    while (cursor < length) {
      const code = text.charCodeAt(cursor);
      if (code === COMMA || code === LF || code === CR) break;
      if (code === QUOTE) {
        at = cursor;
        kind = 'quote-in-unquoted';
        break record;
      }
      cursor += 1;
    }
    if (cursor >= length && !complete) return more;
    fields.push(text.slice(pos, cursor));
    if (cursor >= length) return { state: 'done', fields, end: cursor };
    const code = text.charCodeAt(cursor);
    if (code === COMMA) {
      pos = cursor + 1;
      continue;
    }
    if (code === LF) return { state: 'done', fields, end: cursor + 1 };
    if (cursor + 1 >= length && !complete) return more;
    return {
      state: 'done',
      fields,
      end: text.charCodeAt(cursor + 1) === LF ? cursor + 2 : cursor + 1,
    };
  }
  return broken(text, start, line, length, complete, at, kind, fields.length + 1);
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;
/** Broken on its first line: only where that line ends is still wanted. */
const TO_LINE_END = 4;

/** `cut`: the record is still open past its first line at the scanner's `until`. */
type Outcome =
  | { kind: 'end'; end: number }
  | { kind: 'broken'; problem: Problem }
  | { kind: 'cut' };

const CUT: Outcome = { kind: 'cut' };

/**
 * Follows a record too long to hold through the stream, keeping none of its text: the same
 * grammar as parseRecord, one character at a time. Positions are offsets in the stream.
 */
class RecordScanner {
  /** Line breaks passed; once the record ends, its own line end included. */
  breaks = 0;
  /** Just past the record's first line break; -1 until seen. */
  firstLineEnd = -1;
  /** The quoted field the first line break fell in. */
  spanningField = 0;
  outcome: Outcome | undefined;
  private state = FIELD_START;
  private field = 1;
  private problem: Problem | undefined;
  private crPending = false;

  /**
   * `until`: the stream offset from which a record past its first line is cut. A first line
   * is followed to its end wherever that is: nothing of it is kept, and reading resumes after it.
   */
  constructor(private readonly until: number) {}

  /** Scans `text`, which starts at stream offset `base`, until the outcome is known. */
  feed(text: string, base: number): void {
    for (let i = 0; i < text.length && this.outcome === undefined; i += 1) {
      if (base + i >= this.until && this.firstLineEnd !== -1) {
        this.outcome = CUT;
        return;
      }
      const code = text.charCodeAt(i);
      if (this.crPending) {
        this.crPending = false;
        if (code === LF) {
          this.lineBreak(base + i + 1);
          continue;
        }
        this.lineBreak(base + i);
        // A lone CR that ended the record: this character starts the next one.
        if (this.outcome !== undefined) return;
      }
      if (code === CR) this.crPending = true;
      else if (code === LF) this.lineBreak(base + i + 1);
      else this.character(code);
    }
  }

  /** The stream ends at offset `end`. */
  finish(end: number): void {
    if (this.crPending) {
      this.crPending = false;
      this.lineBreak(end);
    }
    if (this.outcome !== undefined) return;
    if (this.firstLineEnd === -1) this.firstLineEnd = end;
    if (this.state === QUOTED) this.fail('never-closed');
    else if (this.state === TO_LINE_END)
      this.outcome = { kind: 'broken', problem: this.problem as Problem };
    else this.outcome = { kind: 'end', end };
  }

  private lineBreak(end: number): void {
    this.breaks += 1;
    if (this.firstLineEnd === -1) {
      this.firstLineEnd = end;
      if (this.state === QUOTED) this.spanningField = this.field;
    }
    if (this.state === QUOTED) return;
    this.outcome =
      this.state === TO_LINE_END
        ? { kind: 'broken', problem: this.problem as Problem }
        : { kind: 'end', end };
  }

  private character(code: number): void {
    switch (this.state) {
      case FIELD_START:
        if (code === QUOTE) this.state = QUOTED;
        else if (code === COMMA) this.field += 1;
        else this.state = UNQUOTED;
        return;
      case UNQUOTED:
        if (code === COMMA) this.nextField();
        else if (code === QUOTE) this.fail('quote-in-unquoted');
        return;
      case QUOTED:
        if (code === QUOTE) this.state = AFTER_QUOTE;
        return;
      case AFTER_QUOTE:
        if (code === QUOTE) this.state = QUOTED;
        else if (code === COMMA) this.nextField();
        else this.fail('after-closing-quote');
        return;
    }
  }

  private nextField(): void {
    this.field += 1;
    this.state = FIELD_START;
  }

  private fail(kind: Problem['kind']): void {
    this.problem = { kind, field: this.field, breaks: this.breaks };
    if (this.firstLineEnd === -1) this.state = TO_LINE_END;
    else this.outcome = { kind: 'broken', problem: this.problem };
  }
}

/** Line breaks in [from, to): LF, CRLF (once) and lone CR, as editors count them. */
function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) lines += 1;
  }
  return lines;
}

function stripLineEnd(raw: string): string {
  return raw.replace(/\r?\n$|\r$/, '');
}

/** Bytes at the end of `bytes` that begin a character the next chunk completes (0 to 3). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * Decodes (invalid bytes become U+FFFD) and remembers which lines came from invalid bytes: the
 * text alone cannot tell them from a genuine U+FFFD.
 */
function decodeBytes(bytes: Buffer): Piece {
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), invalid: [] };
  // Line by line: line ends are ASCII, which never belongs to a multi-byte character, so the
  // lines decode as the whole would.
  const parts: string[] = [];
  const invalid: Span[] = [];
  let offset = 0;
  let start = 0;
  for (let i = 0; i <= bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte !== undefined && byte !== LF && byte !== CR) continue;
    const line = bytes.subarray(start, i);
    const text = line.toString('utf8');
    if (!isUtf8(line)) invalid.push([offset, offset + text.length]);
    parts.push(text);
    offset += text.length;
    if (byte !== undefined) {
      parts.push(String.fromCharCode(byte));
      offset += 1;
    }
    start = i + 1;
  }
  return { text: parts.join(''), invalid };
}

function withoutBom(piece: Piece): Piece {
  if (piece.text.charCodeAt(0) !== 0xfeff) return piece;
  return {
    text: piece.text.slice(1),
    invalid: piece.invalid.map(([start, end]): Span => [Math.max(start - 1, 0), end - 1]),
  };
}

/**
 * The source decoded in pieces, a leading byte order mark dropped. A character split between
 * two chunks decodes whole: its first bytes wait for the next chunk.
 */
async function* decode(source: AsyncIterable<Buffer | string>): AsyncGenerator<Piece> {
  let held = Buffer.alloc(0);
  let first = true;
  const start = (piece: Piece): Piece => {
    if (!first || piece.text.length === 0) return piece;
    first = false;
    return withoutBom(piece);
  };
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      yield start({ text: chunk, invalid: [] });
      continue;
    }
    const bytes = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
    const complete = bytes.length - incompleteTail(bytes);
    // A copy: a view would keep the whole chunk alive.
    held = Buffer.from(bytes.subarray(complete));
    yield start(decodeBytes(bytes.subarray(0, complete)));
  }
  // The start of a character the stream never completed: not UTF-8.
  yield start(decodeBytes(held));
}

/**
 * Text the reader may have to read a second time, kept on disk so memory stays bounded: what
 * follows the first line of a record too long to hold, until that record either ends well
 * (the text is dropped) or breaks (its lines after the first are read again from here).
 */
class Spool implements AsyncIterator<Piece> {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-csv-'));
  private readonly fd = fs.openSync(path.join(this.dir, 'spool'), 'w+');
  private open = true;
  private written = 0;
  private read = 0;

  /** Appends text (UTF-16, which keeps any string as it was) after its invalid spans. */
  write(text: string, invalid: Span[]): void {
    if (text.length === 0) return;
    const header = Buffer.alloc(8 + invalid.length * 8);
    header.writeUInt32LE(text.length, 0);
    header.writeUInt32LE(invalid.length, 4);
    invalid.forEach(([start, end], i) => {
      header.writeUInt32LE(start, 8 + i * 8);
      header.writeUInt32LE(end, 12 + i * 8);
    });
    for (const bytes of [header, Buffer.from(text, 'utf16le')]) {
      fs.writeSync(this.fd, bytes, 0, bytes.length, this.written);
      this.written += bytes.length;
    }
  }

  async next(): Promise<IteratorResult<Piece>> {
    if (this.read >= this.written) return this.return();
    const header = this.take(8);
    const count = header.readUInt32LE(4);
    const spans = this.take(count * 8);
    const invalid: Span[] = [];
    for (let i = 0; i < count; i += 1) {
      invalid.push([spans.readUInt32LE(i * 8), spans.readUInt32LE(i * 8 + 4)]);
    }
    const text = this.take(header.readUInt32LE(0) * 2).toString('utf16le');
    return { done: false, value: { text, invalid } };
  }

  async return(): Promise<IteratorResult<Piece>> {
    this.remove();
    return { done: true, value: undefined };
  }

  remove(): void {
    if (!this.open) return;
    this.open = false;
    fs.closeSync(this.fd);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private take(length: number): Buffer {
    const bytes = Buffer.alloc(length);
    for (let done = 0; done < length; ) {
      const read = fs.readSync(this.fd, bytes, done, length - done, this.read + done);
      if (read === 0) throw new Error(`CSV spool ${this.dir} ends early`);
      done += read;
    }
    this.read += length;
    return bytes;
  }
}

/** Spans in stream offsets, in stream order, dropped once the records over them are out. */
class InvalidSpans {
  private spans: Span[] = [];
  private head = 0;

  add(base: number, spans: readonly Span[]): void {
    for (const [start, end] of spans) this.spans.push([base + start, base + end]);
  }

  /** Whether text in [start, end) came from invalid bytes; calls must come in stream order. */
  within(start: number, end: number): boolean {
    while (this.head < this.spans.length && (this.spans[this.head] as Span)[1] <= start)
      this.head += 1;
    if (this.head > 64 && this.head * 2 > this.spans.length) {
      this.spans.splice(0, this.head);
      this.head = 0;
    }
    const span = this.spans[this.head];
    return span !== undefined && span[0] < end;
  }

  /** Removes every span, returning those that end after `from`. */
  take(from: number): Span[] {
    const taken = this.spans.slice(this.head).filter(([, end]) => end > from);
    this.spans = [];
    this.head = 0;
    return taken;
  }
}

/** Decoded text placed in the stream: it starts at offset `base`; its spans are absolute. */
type Placed = { text: string; base: number; invalid: Span[] };

function relative(piece: Placed, from: number): Piece {
  const start = Math.max(from - piece.base, 0);
  return {
    text: piece.text.slice(start),
    invalid: piece.invalid
      .filter(([spanStart]) => spanStart >= piece.base + start)
      .map(([spanStart, end]): Span => [spanStart - piece.base - start, end - piece.base - start]),
  };
}

async function* onePiece(piece: Piece): AsyncGenerator<Piece> {
  yield piece;
}

class CsvReader {
  /** Where text comes from: the source, and on top of it text to read again. */
  private readonly inputs: AsyncIterator<Piece>[];
  /** The spool of a too-long record being skipped. */
  private writing: Spool | undefined;
  private buffer = '';
  /** Where `buffer` starts in the decoded stream. */
  private offset = 0;
  private line = 1;
  private final = false;
  /** The record at the buffer's start is longer than the reader holds. */
  private tooLong = false;
  private readonly invalid = new InvalidSpans();

  constructor(source: AsyncIterable<Buffer | string>) {
    this.inputs = [decode(source)];
  }

  async *read(): AsyncGenerator<CsvRecord | CsvBroken> {
    try {
      for (;;) {
        yield* this.drain();
        if (this.tooLong) {
          this.tooLong = false;
          yield await this.skipTooLong();
          continue;
        }
        if (this.final) return;
        const piece = await this.next();
        if (piece === undefined) this.final = true;
        else {
          this.invalid.add(this.offset + this.buffer.length, piece.invalid);
          this.buffer += piece.text;
        }
      }
    } finally {
      this.writing?.remove();
      for (const input of this.inputs) await input.return?.();
    }
  }

  private async next(): Promise<Piece | undefined> {
    for (;;) {
      const input = this.inputs.at(-1);
      if (input === undefined) return undefined;
      const result = await input.next();
      if (!result.done) return result.value;
      this.inputs.pop();
    }
  }

  private *drain(): Generator<CsvRecord | CsvBroken> {
    const buffer = this.buffer;
    let pos = 0;
    while (pos < buffer.length) {
      const code = buffer.charCodeAt(pos);
      if (code === LF || code === CR) {
        if (code === CR && pos + 1 >= buffer.length && !this.final) break;
        pos += code === CR && buffer.charCodeAt(pos + 1) === LF ? 2 : 1;
        this.line += 1;
        continue;
      }
      const parsed = parseRecord(buffer, pos, this.line, this.final);
      if (parsed.state === 'need-more') break;
      if (parsed.state === 'too-long') {
        this.tooLong = true;
        break;
      }
      const end = parsed.state === 'done' ? parsed.end : parsed.resumeAt;
      const raw = stripLineEnd(buffer.slice(pos, end));
      const item: CsvRecord | CsvBroken =
        parsed.state === 'done'
          ? { kind: 'record', line: this.line, fields: parsed.fields, raw }
          : { kind: 'broken', line: this.line, raw, reason: parsed.reason };
      if (this.invalid.within(this.offset + pos, this.offset + end)) item.invalidUtf8 = true;
      yield item;
      this.line += countLines(buffer, pos, end);
      pos = end;
    }
    this.buffer = buffer.slice(pos);
    this.offset += pos;
  }

  /**
   * Reads past the too-long record at the buffer's start without holding it. Well-formed, it is
   * rejected whole; broken past its first line, only that line is, and what followed it is
   * read again from the spool.
   */
  private async skipTooLong(): Promise<CsvBroken> {
    const line = this.line;
    const firstLine = nextLineStart(this.buffer, 0, MAX_RECORD_CHARS, false);
    const raw = stripLineEnd(this.buffer.slice(0, firstLine === -1 ? MAX_RECORD_CHARS : firstLine));
    const scanner = new RecordScanner(this.offset + MAX_FOLLOWED_CHARS);
    let piece: Placed = {
      text: this.buffer,
      base: this.offset,
      invalid: this.invalid.take(this.offset),
    };
    this.buffer = '';
    let firstLineInvalid = false;
    let recordInvalid = false;
    for (;;) {
      scanner.feed(piece.text, piece.base);
      const { firstLineEnd, outcome } = scanner;
      for (const [start] of piece.invalid) {
        if (firstLineEnd === -1 || start < firstLineEnd) firstLineInvalid = true;
        if (outcome?.kind !== 'end' || start < outcome.end) recordInvalid = true;
      }
      if (outcome !== undefined) break;
      if (firstLineEnd !== -1) {
        this.writing ??= new Spool();
        const { text, invalid } = relative(piece, firstLineEnd);
        this.writing.write(text, invalid);
      }
      const next = await this.next();
      const end = piece.base + piece.text.length;
      if (next === undefined) {
        this.final = true;
        scanner.finish(end);
        piece = { text: '', base: end, invalid: [] };
        break;
      }
      piece = {
        text: next.text,
        base: end,
        invalid: next.invalid.map(([s, e]) => [end + s, end + e]),
      };
    }
    const outcome = scanner.outcome as Outcome;
    const spool = this.writing;
    this.writing = undefined;
    let item: CsvBroken;
    let resumeAt: number;
    if (outcome.kind === 'end') {
      item = { kind: 'broken', line, raw, reason: TOO_LONG };
      if (recordInvalid) item.invalidUtf8 = true;
      resumeAt = outcome.end;
      this.line += scanner.breaks;
    } else {
      const reason =
        outcome.kind === 'cut'
          ? `${quoteOpened(line, scanner.spanningField)} ${KEPT_OPEN}`
          : brokenReason(line, scanner.spanningField, outcome.problem);
      item = { kind: 'broken', line, raw, reason };
      if (firstLineInvalid) item.invalidUtf8 = true;
      resumeAt = scanner.firstLineEnd;
      this.line += Math.min(scanner.breaks, 1);
    }
    const rest = relative(piece, resumeAt);
    if (spool !== undefined && outcome.kind !== 'end') {
      // The spool holds the text between the first line and this piece, which memory still
      // holds: kept out of the spool, it never grows past MAX_FOLLOWED_CHARS.
      this.inputs.push(onePiece(rest), spool);
      this.final = false;
    } else {
      spool?.remove();
      this.buffer = rest.text;
      this.invalid.add(resumeAt, rest.invalid);
    }
    this.offset = resumeAt;
    return item;
  }
}

/**
 * Streams RFC 4180 records (UTF-8, optional BOM, CRLF or LF, quoted fields with embedded
 * newlines) with their starting line numbers, in bounded memory. Blank lines are skipped.
 * Bytes that are not UTF-8 become U+FFFD in `fields` and `raw` and set `invalidUtf8`; a
 * character split between two chunks does not (the decoder holds its first bytes back).
 * A record longer than MAX_RECORD_CHARS spools what follows its first line to a temporary
 * file until it ends, in case those lines have to be read again: at most MAX_FOLLOWED_CHARS.
 */
export function readCsv(
  source: AsyncIterable<Buffer | string>,
): AsyncGenerator<CsvRecord | CsvBroken> {
  return new CsvReader(source).read();
}
