export interface ProgressCounts {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

/** The part of a stream the reporter needs; `process.stdout` fits. */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressReporterProps {
  readonly label: string;
  readonly read: () => ProgressCounts;
  /** @default process.stdout */
  readonly out?: ProgressOutput;
  /**
   * Refresh interval.
   * @default 250 ms on a terminal (one line rewritten in place), 5000 ms otherwise (plain lines)
   */
  readonly intervalMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Formats one progress line; `rate` is records sent per second since the previous line. */
export function formatProgress(label: string, counts: ProgressCounts, rate: number): string {
  return `${label}: ${Math.round(rate)} rec/s  sent ${counts.sent}  retried ${counts.retried}  failed ${counts.failed}`;
}

/**
 * A live progress line: rewritten in place on a terminal, plain periodic lines
 * when the output is a file or pipe (so logs stay readable).
 */
export class ProgressReporter {
  private readonly out: ProgressOutput;
  private readonly tty: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private lastSent = 0;
  private lastAt = 0;

  constructor(private readonly props: ProgressReporterProps) {
    this.out = props.out ?? process.stdout;
    this.tty = this.out.isTTY === true;
    this.intervalMs = props.intervalMs ?? (this.tty ? 250 : 5000);
    this.now = props.now ?? Date.now;
  }

  start(): void {
    this.lastAt = this.now();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Prints one line now (also called by the timer). */
  tick(): void {
    const counts = this.props.read();
    const at = this.now();
    const seconds = Math.max(0.001, (at - this.lastAt) / 1000);
    const line = formatProgress(this.props.label, counts, (counts.sent - this.lastSent) / seconds);
    this.lastSent = counts.sent;
    this.lastAt = at;
    this.out.write(this.tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }

  /** Stops the timer and ends the live line, so the totals print below it. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.tty) this.out.write('\n');
  }
}
