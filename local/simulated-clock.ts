import type { Clock } from '../functions/processor/ports';

/**
 * The clock of the local run. The run replays a simulated span of event time as
 * fast as it can, so every local service (poller, processor, delivery streams,
 * alarms) reads this clock instead of the wall clock; the poller moves it forward
 * as the records of the stream "arrive". It never goes backwards.
 */
export class SimulatedClock implements Clock {
  private current: number;

  public constructor(startMs: number) {
    this.current = startMs;
  }

  public now(): number {
    return this.current;
  }

  /** Moves the clock to `ms` if that is later (a late scheduler never rewinds time). */
  public advanceTo(ms: number): void {
    if (ms > this.current) this.current = ms;
  }

  /** Moves the clock forward by `ms` (backoff sleeps cost simulated, not real, time). */
  public advanceBy(ms: number): void {
    if (ms > 0) this.current += ms;
  }
}
