import { InvalidProducerOptionError } from './errors';

const MINUTE_MS = 60_000;

/**
 * Maps a simulated span onto real time, so a one-minute run can cover an hour of
 * event time. The span ends at the real end of the run and is at least as long as
 * the run, so an event is never sent before its event time: no future timestamps.
 */
export class SimulatedSpan {
  readonly start: Date;
  readonly end: Date;

  /**
   * @param realStartMs when the run starts (epoch ms)
   * @param realDurationMs how long the run lasts in real time; 0 = send as fast as possible
   * @param simulatedDurationMs the span of event time; must be >= realDurationMs
   */
  constructor(
    readonly realStartMs: number,
    readonly realDurationMs: number,
    readonly simulatedDurationMs: number,
  ) {
    if (simulatedDurationMs < realDurationMs) {
      throw new InvalidProducerOptionError(
        'simulatedDurationMs',
        `the simulated span (${simulatedDurationMs} ms) is shorter than the run (${realDurationMs} ms); event times would lie in the future`,
      );
    }
    // Whole minutes, so scenario windows line up with CloudWatch's one-minute periods.
    const endMs = Math.floor((realStartMs + realDurationMs) / MINUTE_MS) * MINUTE_MS;
    this.end = new Date(endMs);
    this.start = new Date(endMs - simulatedDurationMs);
  }

  /** Real epoch ms at which a record with this event time may be sent. */
  realTimeFor(eventTimeMs: number): number {
    if (this.realDurationMs === 0) return this.realStartMs;
    const progress = (eventTimeMs - this.start.getTime()) / this.simulatedDurationMs;
    // Never earlier than the event itself, whatever the rounding of the minute alignment.
    return Math.max(eventTimeMs, this.realStartMs + progress * this.realDurationMs);
  }
}

/** `now - span`, floored to the minute: the default start, so every event lies in the past. */
export function defaultStart(simulatedDurationMs: number, nowMs = Date.now()): Date {
  return new Date(Math.floor((nowMs - simulatedDurationMs) / MINUTE_MS) * MINUTE_MS);
}
