/**
 * Progress on stderr for long work. On a terminal: one line redrawn in place with a bar, count, rate
 * and ETA (when the total is known). Otherwise silent until `done`, so logs stay one line per run.
 */
import type { Io } from '../io.js';

export class ProgressLine {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly io: Io,
    private readonly label: string,
  ) {}

  /** @param fraction 0…1 when the total is known */
  update(count: number, unit: string, fraction?: number): void {
    if (!this.io.isStderrTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && fraction !== 1) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(count / seconds) : 0;
    let line = `${this.label} ${count} ${unit}  ${rate}/s`;
    if (fraction !== undefined && fraction > 0) {
      const width = 24;
      const filled = Math.min(width, Math.round(fraction * width));
      const eta = fraction < 1 ? Math.max(0, Math.round(seconds / fraction - seconds)) : 0;
      line = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(fraction * 100)}%  ${count} ${unit}  ${rate}/s  ETA ${eta}s`;
    }
    this.io.stderr.write(`\r\u001b[2K${line}`);
    this.drawn = true;
  }

  /** Takes the bar away without a summary (the result goes to stdout, as JSON). */
  clear(): void {
    if (this.drawn) this.io.stderr.write('\r\u001b[2K');
    this.drawn = false;
  }

  done(summary: string): void {
    if (this.drawn) this.io.stderr.write('\r\u001b[2K');
    this.io.stderr.write(`${summary}\n`);
  }
}
