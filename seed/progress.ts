/**
 * One progress line: rows done (of `total` when known), rows/s and ETA. `total` may be an
 * estimate that the rows overtake; the line then stops at 100% and drops the ETA rather than
 * showing a negative one.
 */
export function progressLine(
  label: string,
  done: number,
  total: number | undefined,
  seconds: number,
): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const count = done.toLocaleString('en-US');
  const parts: string[] = [];
  if (total) {
    const percent = Math.min(Math.floor((done / total) * 100), 100);
    parts.push(`${label}  ${count}/${total.toLocaleString('en-US')} rows  ${percent}%`);
  } else {
    parts.push(`${label}  ${count} rows`);
  }
  parts.push(`${Math.round(rate).toLocaleString('en-US')} rows/s`);
  if (total && rate > 0 && done < total) parts.push(`ETA ${Math.ceil((total - done) / rate)}s`);
  return parts.join('  ');
}

/** Rows/s and ETA on one rewritten terminal line; silent when not interactive (CI, pipes). */
export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    this.stream.write(`\r\x1b[2K${progressLine(this.label, done, this.total, seconds)}`);
  }

  done(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }
}
