/** The part of a stream the progress display needs; `process.stderr` fits. */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  /** Terminal width: the status line is cut to it, so `\r` can rewrite it in place. */
  readonly columns?: number;
  write(text: string): unknown;
}

/**
 * Progress of the run: on a terminal one status line rewritten in place (at most
 * every 100 ms); otherwise one plain line per finished stage, so logs stay readable.
 */
export class RunProgress {
  private stage = '';
  private stageStart = 0;
  private lastDraw = 0;

  public constructor(
    private readonly out: ProgressOutput | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  private get tty(): boolean {
    return this.out?.isTTY === true;
  }

  public start(stage: string): void {
    this.stage = stage;
    this.stageStart = this.now();
    if (this.tty) this.draw(`${stage}...`, true);
  }

  /** A live detail of the current stage (terminal only). */
  public update(detail: string): void {
    if (this.tty) this.draw(`${this.stage}: ${detail}`, false);
  }

  public finish(detail: string): void {
    const seconds = ((this.now() - this.stageStart) / 1000).toFixed(1);
    const text = `${this.stage}: ${detail} (${seconds} s)`;
    if (this.tty) this.out?.write(`\r\x1b[K${text}\n`);
    else this.out?.write(`${text}\n`);
  }

  private draw(text: string, force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    const width = this.out?.columns;
    // A wrapped line cannot be rewritten with `\r`: keep it within the terminal.
    this.out?.write(`\r\x1b[K${width !== undefined && width > 1 && text.length >= width ? text.slice(0, width - 1) : text}`);
  }
}
