/** Stages of the run, in order; the bench reports the share of time of each. */
export const STAGES = ['produce', 'poll+process', 'deliver', 'migrate+query', 'alarms', 'report'] as const;
export type Stage = (typeof STAGES)[number];

/** Wall milliseconds spent in each stage; a stage may be entered several times. */
export class StageTimer {
  public readonly ms: Record<Stage, number> = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;

  public async timed<T>(stage: Stage, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.ms[stage] += performance.now() - t0;
    }
  }

  /** Moves time measured in one stage to another (work one stage did on behalf of the next). */
  public move(from: Stage, to: Stage, ms: number): void {
    this.ms[from] -= ms;
    this.ms[to] += ms;
  }
}
