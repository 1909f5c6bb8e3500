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
    const rate = seconds > 0 ? done / seconds : 0;
    const parts = [`${this.label}  ${done.toLocaleString('en-US')}`];
    if (this.total) {
      parts[0] += `/${this.total.toLocaleString('en-US')} rows  ${Math.floor((done / this.total) * 100)}%`;
    } else {
      parts[0] += ' rows';
    }
    parts.push(`${Math.round(rate).toLocaleString('en-US')} rows/s`);
    if (this.total && rate > 0) parts.push(`ETA ${Math.ceil((this.total - done) / rate)}s`);
    this.stream.write(`\r\x1b[2K${parts.join('  ')}`);
  }

  done(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }
}
