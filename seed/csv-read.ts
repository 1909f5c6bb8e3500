import { StringDecoder } from 'node:string_decoder';

/** A parsed record; `line` is the physical line it starts on (the header is line 1). */
export type CsvRecord = { kind: 'record'; line: number; fields: string[]; raw: string };
/** A record that is not valid RFC 4180; parsing resumes on the next line. */
export type CsvBroken = { kind: 'broken'; line: number; raw: string; reason: string };

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

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

/**
 * Streams RFC 4180 records (UTF-8, optional BOM, CRLF or LF, quoted fields with embedded
 * newlines) with their starting line numbers, in bounded memory. Blank lines are skipped.
 * Bytes that are not UTF-8 become U+FFFD in `fields` and `raw`; a character split between two
 * chunks does not (the decoder holds its first bytes back).
 */
export async function* readCsv(
  source: AsyncIterable<Buffer | string>,
): AsyncGenerator<CsvRecord | CsvBroken> {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
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
      yield parsed.state === 'done'
        ? { kind: 'record', line, fields: parsed.fields, raw }
        : { kind: 'broken', line, raw, reason: parsed.reason };
      line += countLines(buffer, pos, end);
      pos = end;
    }
    buffer = buffer.slice(pos);
  };
  for await (const chunk of source) {
    buffer += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      first = false;
    }
    yield* drain(false);
  }
  buffer += decoder.end();
  if (first && buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
  yield* drain(true);
}
