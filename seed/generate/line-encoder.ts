import { DAY, HOUR, localDate, MINUTE } from './time.ts';

/**
 * Encodes CSV rows straight into bytes, for the order and session hot loops (millions of rows):
 * no per-field strings, no garbage. Only for fields drawn from a closed ASCII alphabet that never
 * needs CSV quoting (ids, hex, IPv4, ISO times, decimals, enum words); use `csvLine` otherwise.
 */
export class LineEncoder {
  private buffer: Buffer;
  private position = 0;
  private lines = 0;

  constructor(private readonly capacity = 1 << 18) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** True when fewer than `bytes` bytes are free (time to `take()` before the next row). */
  isFull(bytes = 1024): boolean {
    return this.capacity - this.position < bytes;
  }

  /** Hands over the encoded bytes and the number of rows, and starts a fresh buffer. */
  take(): { bytes: Uint8Array; rows: number } {
    const out = { bytes: this.buffer.subarray(0, this.position), rows: this.lines };
    this.buffer = Buffer.allocUnsafe(this.capacity);
    this.position = 0;
    this.lines = 0;
    return out;
  }

  /** ASCII text; the caller guarantees no code unit above 0x7f and no CSV specials. */
  text(value: string): this {
    const buffer = this.buffer;
    let p = this.position;
    for (let i = 0; i < value.length; i++) buffer[p++] = value.charCodeAt(i);
    this.position = p;
    return this;
  }

  /** Pre-encoded UTF-8 bytes (e.g. a city name encoded once); must not need CSV quoting. */
  bytes(value: Uint8Array): this {
    this.buffer.set(value, this.position);
    this.position += value.length;
    return this;
  }

  comma(): this {
    this.buffer[this.position++] = 0x2c;
    return this;
  }

  endLine(): this {
    this.buffer[this.position++] = 0x0a;
    this.lines++;
    return this;
  }

  /** Non-negative integer, left-padded with zeros to `width` digits. */
  digits(value: number, width = 1): this {
    const buffer = this.buffer;
    let n = Math.floor(value);
    let length = width;
    for (let bound = 10 ** width; n >= bound; bound *= 10) length++;
    const start = this.position;
    for (let p = start + length - 1; p >= start; p--) {
      const q = Math.floor(n / 10);
      buffer[p] = 0x30 + n - q * 10;
      n = q;
    }
    this.position = start + length;
    return this;
  }

  private twoDigits(value: number): void {
    const tens = Math.floor(value / 10);
    this.buffer[this.position++] = 0x30 + tens;
    this.buffer[this.position++] = 0x30 + value - tens * 10;
  }

  /** Integer cents as CNY with two decimals. */
  amount(cents: number): this {
    this.digits(Math.floor(cents / 100));
    this.buffer[this.position++] = 0x2e;
    this.twoDigits(cents % 100);
    return this;
  }

  /** Unix seconds as ISO-8601 with +08:00, same text as `formatTime`. */
  time(t: number): this {
    const local = Math.floor(t) + 8 * HOUR;
    const day = Math.floor(local / DAY);
    this.text(localDate(day));
    this.buffer[this.position++] = 0x54;
    const second = local - day * DAY;
    this.twoDigits(Math.floor(second / HOUR));
    this.buffer[this.position++] = 0x3a;
    this.twoDigits(Math.floor((second % HOUR) / MINUTE));
    this.buffer[this.position++] = 0x3a;
    this.twoDigits(second % MINUTE);
    return this.text('+08:00');
  }
}
