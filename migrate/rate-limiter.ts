import { realSleep, type Sleep } from '../aws/retry';

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
