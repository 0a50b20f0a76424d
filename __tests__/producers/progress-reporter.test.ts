import { ProgressReporter } from '../../producers/progress-reporter';

function captureOutput(isTTY: boolean): { out: { isTTY: boolean; write: (t: string) => boolean }; text: () => string } {
  const chunks: string[] = [];
  return { out: { isTTY, write: (t: string) => chunks.push(t) > 0 }, text: () => chunks.join('') };
}

describe('Class: ProgressReporter', () => {
  it('rewrites one live line on a terminal, with the rate since the previous line', () => {
    // Prepare
    const { out, text } = captureOutput(true);
    let now = 0;
    let sent = 0;
    const reporter = new ProgressReporter({ label: 'access-logs', out, now: () => now, read: () => ({ sent, retried: 3, failed: 1 }) });
    reporter.start();

    // Act
    now = 2000;
    sent = 1000;
    reporter.tick();
    reporter.stop();

    // Assess
    expect(text()).toBe('\r\x1b[2Kaccess-logs: 500 rec/s  sent 1000  retried 3  failed 1\n');
  });

  it('prints plain lines when the output is not a terminal', () => {
    // Prepare
    const { out, text } = captureOutput(false);
    let now = 0;
    const reporter = new ProgressReporter({ label: 'turbines', out, now: () => now, read: () => ({ sent: 10, retried: 0, failed: 0 }) });
    reporter.start();

    // Act
    now = 1000;
    reporter.tick();
    reporter.stop();

    // Assess
    expect(text()).toBe('turbines: 10 rec/s  sent 10  retried 0  failed 0\n');
  });
});
