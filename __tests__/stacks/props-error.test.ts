import { ConstructPropsError, PropsCheck } from '../../stacks/props-error';

describe('PropsCheck', () => {
  it('throws nothing when every expectation holds', () => {
    // Prepare
    const check = new PropsCheck('Probe').expect(true, 'a', 'never shown');

    // Act / Assess
    expect(check.ok).toBe(true);
    expect(() => check.throwIfAny()).not.toThrow();
  });

  it('throws one problem as a single line naming the construct and the prop', () => {
    // Prepare
    const check = new PropsCheck('Probe').expect(false, 'size', '0; expected 1..10');

    // Act / Assess
    expect(() => check.throwIfAny()).toThrow(new ConstructPropsError(['Probe.size: 0; expected 1..10']));
  });

  it('gathers every problem, then throws them all at once with exit code 3', () => {
    // Prepare
    const check = new PropsCheck('Probe[x]')
      .add('a', 'bad')
      .expect(false, 'b', 'worse')
      .addLines(['datasets/d.alarms[r].id: expected kebab-case']);

    // Act
    let thrown: unknown;
    try {
      check.throwIfAny();
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(ConstructPropsError);
    const error = thrown as ConstructPropsError;
    expect(error.problems).toEqual(['Probe[x].a: bad', 'Probe[x].b: worse', 'datasets/d.alarms[r].id: expected kebab-case']);
    expect(error.message).toBe(
      '3 construct props problems:\n  - Probe[x].a: bad\n  - Probe[x].b: worse\n  - datasets/d.alarms[r].id: expected kebab-case',
    );
    expect(error.exitCode).toBe(3);
  });
});
