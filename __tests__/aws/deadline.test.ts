import { deadlineSignal } from '../../aws/deadline';

describe('Function: deadlineSignal', () => {
  it('does not fire early for a deadline further away than a timer can wait (2^31 - 1 ms): Node would fire it after 1 ms', async () => {
    // Prepare
    const far = Date.now() + 2 ** 31 + 5_000;
    // Act
    const signal = deadlineSignal(far);
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Assess
    expect(signal.aborted).toBe(false);
  });

  it('fires at a near deadline, and at once for one already passed', async () => {
    // Act
    const near = deadlineSignal(Date.now() + 20);
    const passed = deadlineSignal(Date.now() - 1);
    // Assess
    expect(passed.aborted).toBe(true);
    expect(near.aborted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(near.aborted).toBe(true);
  });
});
