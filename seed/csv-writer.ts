import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

export type CsvValue = string | number | null | undefined;

// RFC 4180 needs quotes for separators, quotes and line breaks; leading/trailing blanks are
// quoted too so that readers which trim unquoted fields keep them.
const NEEDS_QUOTES = /[",\r\n]|^[ \t]|[ \t]$/;
const QUOTE = /"/g;

/** One CSV field: empty for null/undefined, quoted (inner quotes doubled) only when needed. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // A number's text holds no separator, quote or blank.
  if (typeof value === 'number') return String(value);
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(QUOTE, '""')}"`;
}

/** One CSV record terminated by `\n`. */
export function csvLine(values: readonly CsvValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += csvField(values[i]);
  }
  return `${line}\n`;
}

export interface CsvFileWriter {
  /** Appends a record; returns a promise only when the caller must wait for the disk to drain. */
  write(values: readonly CsvValue[]): Promise<void> | void;
  /**
   * Appends `records` complete lines that are already CSV-encoded (text, or UTF-8 bytes that the
   * writer takes ownership of); for hot loops that encode rows themselves.
   */
  writeRaw(chunk: string | Uint8Array, records: number): Promise<void> | void;
  /** Records written so far, header excluded. */
  readonly rows: number;
  /** Flushes, closes the file and rejects with the first write error, if any. */
  close(): Promise<void>;
}

const FLUSH_AT = 1 << 16;

/**
 * Streams a CSV file with a header row. Writes are buffered into ~64 KiB slices; when the file
 * stream reports backpressure the returned promise resolves on 'drain', so callers that await it
 * keep memory bounded however many rows they write.
 */
export function createCsvFileWriter(path: string, header: readonly string[]): CsvFileWriter {
  const stream = createWriteStream(path, { encoding: 'utf8', highWaterMark: FLUSH_AT * 4 });
  let failure: Error | undefined;
  // A permanent listener, so an error while nobody awaits does not crash the process.
  stream.on('error', (error) => {
    failure ??= error;
  });

  let pending = csvLine(header);
  let rows = 0;
  let closed = false;

  const check = (): void => {
    if (failure) throw failure;
    if (closed) throw new Error(`CSV writer for ${path} is closed; no more rows can be written`);
  };

  const flush = (): Promise<void> | void => {
    if (pending.length === 0) return;
    const chunk = pending;
    pending = '';
    if (stream.write(chunk)) return;
    return waitForDrain();
  };

  const waitForDrain = (): Promise<void> => {
    if (failure) return Promise.reject(failure);
    if (!stream.writableNeedDrain) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onDrain = (): void => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        stream.off('drain', onDrain);
        reject(error);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    });
  };

  return {
    write(values) {
      check();
      pending += csvLine(values);
      rows++;
      if (pending.length >= FLUSH_AT) return flush();
    },
    writeRaw(chunk, records) {
      check();
      rows += records;
      if (typeof chunk === 'string') {
        pending += chunk;
        if (pending.length >= FLUSH_AT) return flush();
        return;
      }
      // Keep byte order: buffered text goes out before the bytes.
      const before = flush();
      const ready = stream.write(chunk);
      // 'drain' only fires once everything queued (this chunk included) is written.
      if (before) return before;
      if (!ready) return waitForDrain();
    },
    get rows() {
      return rows;
    },
    async close() {
      if (closed) return;
      try {
        if (!failure) await flush();
      } catch (error) {
        failure ??= error as Error;
      }
      closed = true;
      if (!failure) stream.end();
      else stream.destroy();
      try {
        await finished(stream);
      } catch (error) {
        failure ??= error as Error;
      }
      if (failure) throw failure;
    },
  };
}
