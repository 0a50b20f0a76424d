/** Waits `ms` milliseconds; injected so that tests never sleep for real. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BackoffOptions {
  /** @default 200 */
  readonly initialMs?: number;
  /** @default 5000 */
  readonly maxMs?: number;
  /** @default 2 */
  readonly factor?: number;
}

/** Capped exponential delay for the `n`-th wait (0-based), no jitter: the caller's loop is bounded. */
export function backoffDelay(n: number, options: BackoffOptions = {}): number {
  const { initialMs = 200, maxMs = 5000, factor = 2 } = options;
  return Math.min(maxMs, initialMs * factor ** n);
}

/**
 * Spaces calls to at most `perSecond` (named-query APIs allow about 5 per
 * second). `now` and `sleep` are injectable.
 */
export class RateLimiter {
  private next = 0;

  constructor(
    private readonly perSecond: number,
    private readonly sleep: Sleep = realSleep,
    private readonly now: () => number = Date.now,
  ) {}

  async take(): Promise<void> {
    const at = this.now();
    const wait = Math.max(0, this.next - at);
    this.next = Math.max(at, this.next) + 1000 / this.perSecond;
    if (wait > 0) await this.sleep(wait);
  }
}
