import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../migrate/cli';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'migrations.md'), 'utf8');

describe('docs/migrations.md', () => {
  it('documents every migrate subcommand and every option of apply', () => {
    // Prepare
    const program = buildProgram(() => undefined);
    const apply = program.commands.find((c) => c.name() === 'apply');

    // Act
    const commands = program.commands.map((c) => c.name());
    const applyOptions = (apply?.options ?? []).map((o) => o.long ?? '');

    // Assess
    expect(commands).toEqual(['status', 'plan', 'apply', 'validate', 'repair', 'baseline', 'unlock', 'queries']);
    for (const command of commands) expect(DOC).toMatch(new RegExp(`\\| \`${command}[ \`]`));
    for (const option of applyOptions) expect(DOC).toContain(option);
  });

  it('has the Flyway table, with clean and undo absent on purpose and why', () => {
    // Act
    const table = DOC.slice(DOC.indexOf('### Flyway users'));

    // Assess
    expect(table).toMatch(/\| `clean` \| absent, on purpose \| It would drop every table/);
    expect(table).toMatch(/\| `undo` \(`U` files\) \| absent, on purpose \|/);
    for (const flyway of ['migrate', 'info', 'validate', 'repair', 'baseline', 'target', 'outOfOrder'])
      expect(table).toContain(`| \`${flyway}\` |`);
  });
});
