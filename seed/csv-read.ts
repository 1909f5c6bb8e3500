import { isUtf8 } from 'node:buffer';

/**
 * Set on a record whose bytes are not all UTF-8 (e.g. a GBK export); its text holds U+FFFD
 * there. A U+FFFD that the file spells in UTF-8 (EF BF BD) is text like any other and sets nothing.
 */
type Encoding = { invalidUtf8?: true };
/** A parsed record; `line` is the physical line it starts on (the header is line 1). */
export type CsvRecord = Encoding & { kind: 'record'; line: number; fields: string[]; raw: string };
/** A record that is not valid RFC 4180; parsing resumes on the next line. */
export type CsvBroken = Encoding & { kind: 'broken'; line: number; raw: string; reason: string };

const QUOTE = 34;
const COMMA = 44;
export const CR = 13;
export const LF = 10;

/** A quoted field longer than this is taken for an unterminated quote rather than buffered on. */
const MAX_RECORD_CHARS = 1 << 20;

type Parsed =
  | { state: 'done'; fields: string[]; end: number }
  | { state: 'need-more' }
  | { state: 'broken'; reason: string; resumeAt: number };

/** Index just past the first line break (LF, CRLF or a lone CR) at or after `from`; -1 if unknown yet. */
function nextLineStart(text: string, from: number, final: boolean): number {
  for (let i = from; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === LF) return i + 1;
    if (code === CR) {
      if (i + 1 >= text.length) return final ? i + 1 : -1;
      return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    }
  }
  return final ? text.length : -1;
}

function brokenUntilLineEnd(text: string, from: number, final: boolean, reason: string): Parsed {
  const resumeAt = nextLineStart(text, from, final);
  if (resumeAt === -1) return { state: 'need-more' };
  return { state: 'broken', reason, resumeAt };
}

/**
 * Parses one record starting at `start`. On broken quoting it reports where the record's
 * line ends so the reader can resynchronise there instead of losing the rest of the file.
 */
function parseRecord(text: string, start: number, final: boolean): Parsed {
  const fields: string[] = [];
  let pos = start;
  const length = text.length;
  for (;;) {
    if (pos < length && text.charCodeAt(pos) === QUOTE) {
      let value = '';
      let chunkStart = pos + 1;
      let cursor = pos + 1;
      for (;;) {
        const close = text.indexOf('"', cursor);
        if (close === -1) {
          if (!final && length - start < MAX_RECORD_CHARS) return { state: 'need-more' };
          return brokenUntilLineEnd(text, start, true, 'quoted field is never closed');
        }
        if (close + 1 >= length && !final) return { state: 'need-more' };
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
      fields.push(value);
      const next = pos < length ? text.charCodeAt(pos) : -1;
      if (next === COMMA) {
        pos += 1;
        continue;
      }
      if (next === -1) return final ? { state: 'done', fields, end: pos } : { state: 'need-more' };
      if (next === LF) return { state: 'done', fields, end: pos + 1 };
      if (next === CR) {
        if (pos + 1 >= length && !final) return { state: 'need-more' };
        return { state: 'done', fields, end: text.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1 };
      }
      return brokenUntilLineEnd(
        text,
        pos,
        final,
        `unexpected character after a closing quote (field ${fields.length})`,
      );
    }
    let cursor = pos;
    while (cursor < length) {
      const code = text.charCodeAt(cursor);
      if (code === COMMA || code === LF || code === CR) break;
      if (code === QUOTE) {
        return brokenUntilLineEnd(
          text,
          cursor,
          final,
          `quote inside an unquoted field (field ${fields.length + 1})`,
        );
      }
      cursor += 1;
    }
    if (cursor >= length && !final) return { state: 'need-more' };
    fields.push(text.slice(pos, cursor));
    if (cursor >= length) return { state: 'done', fields, end: cursor };
    const code = text.charCodeAt(cursor);
    if (code === COMMA) {
      pos = cursor + 1;
      continue;
    }
    if (code === LF) return { state: 'done', fields, end: cursor + 1 };
    if (cursor + 1 >= length && !final) return { state: 'need-more' };
    return {
      state: 'done',
      fields,
      end: text.charCodeAt(cursor + 1) === LF ? cursor + 2 : cursor + 1,
    };
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
 * Streaming UTF-8 decoding (invalid bytes become U+FFFD) that remembers which stretches of the
 * decoded text came from invalid bytes: the text alone cannot tell them from a genuine U+FFFD.
 * Offsets count decoded characters from the start of the stream.
 */
class Utf8Text {
  private held = Buffer.alloc(0);
  private decoded = 0;
  /** [start, end) of decoded lines whose bytes were not UTF-8, in stream order, from `head` on. */
  private readonly spans: [number, number][] = [];
  private head = 0;

  decode(chunk: Buffer | string): string {
    if (typeof chunk === 'string') {
      this.decoded += chunk.length;
      return chunk;
    }
    const bytes = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    const complete = bytes.length - incompleteTail(bytes);
    // A copy: a view would keep the whole chunk alive.
    this.held = Buffer.from(bytes.subarray(complete));
    return this.text(bytes.subarray(0, complete));
  }

  /** The held-back start of a character the stream never completed: not UTF-8. */
  end(): string {
    const held = this.held;
    this.held = Buffer.alloc(0);
    return this.text(held);
  }

  /** Whether text in [start, end) came from invalid bytes; calls must come in stream order. */
  invalidWithin(start: number, end: number): boolean {
    while (this.head < this.spans.length && (this.spans[this.head] as [number, number])[1] <= start)
      this.head += 1;
    if (this.head > 64 && this.head * 2 > this.spans.length) {
      this.spans.splice(0, this.head);
      this.head = 0;
    }
    const span = this.spans[this.head];
    return span !== undefined && span[0] < end;
  }

  private text(bytes: Buffer): string {
    const text = isUtf8(bytes) ? bytes.toString('utf8') : this.marked(bytes);
    this.decoded += text.length;
    return text;
  }

  /**
   * Decodes line by line to mark the lines that are not UTF-8. Line ends are ASCII, which
   * never belongs to a multi-byte character, so the lines decode as the whole would.
   */
  private marked(bytes: Buffer): string {
    const parts: string[] = [];
    let offset = this.decoded;
    let start = 0;
    for (let i = 0; i <= bytes.length; i += 1) {
      const byte = bytes[i];
      if (byte !== undefined && byte !== LF && byte !== CR) continue;
      const line = bytes.subarray(start, i);
      const text = line.toString('utf8');
      if (!isUtf8(line)) this.spans.push([offset, offset + text.length]);
      parts.push(text);
      offset += text.length;
      if (byte !== undefined) {
        parts.push(String.fromCharCode(byte));
        offset += 1;
      }
      start = i + 1;
    }
    return parts.join('');
  }
}

/**
 * Streams RFC 4180 records (UTF-8, optional BOM, CRLF or LF, quoted fields with embedded
 * newlines) with their starting line numbers, in bounded memory. Blank lines are skipped.
 * Bytes that are not UTF-8 become U+FFFD in `fields` and `raw` and set `invalidUtf8`; a
 * character split between two chunks does not (the decoder holds its first bytes back).
 */
export async function* readCsv(
  source: AsyncIterable<Buffer | string>,
): AsyncGenerator<CsvRecord | CsvBroken> {
  const decoder = new Utf8Text();
  let buffer = '';
  /** Where `buffer` starts in the decoded stream. */
  let consumed = 0;
  let line = 1;
  let first = true;
  const drain = function* (final: boolean): Generator<CsvRecord | CsvBroken> {
    let pos = 0;
    while (pos < buffer.length) {
      const code = buffer.charCodeAt(pos);
      if (code === LF || code === CR) {
        if (code === CR && pos + 1 >= buffer.length && !final) break;
        const skip = code === CR && buffer.charCodeAt(pos + 1) === LF ? 2 : 1;
        line += 1;
        pos += skip;
        continue;
      }
      const parsed = parseRecord(buffer, pos, final);
      if (parsed.state === 'need-more') break;
      const end = parsed.state === 'done' ? parsed.end : parsed.resumeAt;
      const raw = stripLineEnd(buffer.slice(pos, end));
      const item: CsvRecord | CsvBroken =
        parsed.state === 'done'
          ? { kind: 'record', line, fields: parsed.fields, raw }
          : { kind: 'broken', line, raw, reason: parsed.reason };
      if (decoder.invalidWithin(consumed + pos, consumed + end)) item.invalidUtf8 = true;
      yield item;
      line += countLines(buffer, pos, end);
      pos = end;
    }
    buffer = buffer.slice(pos);
    consumed += pos;
  };
  const append = (text: string) => {
    buffer += text;
    if (first && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) {
        buffer = buffer.slice(1);
        consumed += 1;
      }
      first = false;
    }
  };
  for await (const chunk of source) {
    append(decoder.decode(chunk));
    yield* drain(false);
  }
  append(decoder.end());
  yield* drain(true);
}
