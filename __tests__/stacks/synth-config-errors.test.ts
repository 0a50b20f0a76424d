import { join } from 'node:path';
import { ROOT, spawnCommand, type SpawnOutcome } from '../support/spawn-command';

/** Runs main.ts's synth entry in a child process with the given environment inputs, as `cdktf synth` runs the app. */
function synthWith(inputsSource: string): Promise<SpawnOutcome> {
  const script = `const { ENVIRONMENTS } = require('./config/environments'); const [dev, prod] = ENVIRONMENTS; require('./main.ts').runSynth(${inputsSource});`;
  return spawnCommand(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], {
    env: { ...process.env, CDKTF_OUTDIR: join(ROOT, 'cdktf.out', 'never-written') },
  });
}

describe('synth with a broken environment config', () => {
  it('prints every problem in one message, without a stack trace, and exits 3', async () => {
    // Act: three problems in two environments
    const result = await synthWith(`[{ ...dev, region: 'mars-north-1', accountId: '1234' }, { ...prod, alertEmails: [] }]`);

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr.trim()).toBe(
      [
        'synth: 3 configuration problems:',
        '  - environments[0].accountId: a 12-digit AWS account id',
        "  - environments[0].region: unknown region 'mars-north-1'; expected an AWS region such as us-east-1",
        '  - environments[1].alertEmails: a production environment needs at least one alert e-mail address',
      ].join('\n'),
    );
  });
});
