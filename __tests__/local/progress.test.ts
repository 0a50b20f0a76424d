import { RunProgress, type ProgressOutput } from '../../local/progress';

/** An output that records what was written; `now` advances 1 s per call. */
function recorder(isTTY: boolean, columns?: number): { out: ProgressOutput & { text: string }; now: () => number } {
  let t = 0;
  const out = {
    isTTY,
    ...(columns !== undefined ? { columns } : {}),
    text: '',
    write(chunk: string) {
      out.text += chunk;
      return true;
    },
  };
  return { out, now: () => (t += 1000) };
}

describe('Class: RunProgress', () => {
  it('rewrites one status line in place on a terminal, cut to its width', () => {
    // Prepare
    const { out, now } = recorder(true, 20);
    const progress = new RunProgress(out, now);
    // Act
    progress.start('produce');
    progress.update('access-logs 100/44000 records');
    progress.finish('done');
    // Assess
    expect(out.text).toBe('\r\x1b[Kproduce...\r\x1b[Kproduce: access-log\r\x1b[Kproduce: done (3.0 s)\n');
  });

  it('writes one plain line per finished stage otherwise, without escape codes or live updates', () => {
    const { out, now } = recorder(false);
    const progress = new RunProgress(out, now);
    progress.start('deliver');
    progress.update('halfway');
    progress.finish('raw 10');
    expect(out.text).toBe('deliver: raw 10 (1.0 s)\n');
  });
});
