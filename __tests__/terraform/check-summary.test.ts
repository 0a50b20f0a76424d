import { SUMMARY_MARKER, summaryMarkdown, type CheckSummary } from '../../scripts/tf-check/check-summary';

describe('summaryMarkdown (the offline plan PR comment)', () => {
  it('starts with the marker the workflow finds, and shows counts, shim and stubs per stack', () => {
    // Prepare
    const summary: CheckSummary = {
      terraformVersion: '1.11.4',
      provider: { version: '5.100.0', installedFrom: 'mirror', mirror: '/opt/tf-plugins', foundBy: 'search' },
      shimEntries: [
        { description: 'aws_kinesis_stream.max_record_size_in_kib (hashicorp/aws 6.20.0) dropped', applied: true, occurrences: 4 },
      ],
      stacks: [
        {
          stack: 'pipeline-prod',
          synthSha256: 'x',
          validate: { json: true, hcl: true },
          plan: { add: 156, change: 0, destroy: 0 },
          deterministic: true,
          shim: [],
          stubs: [
            { dataSource: 'aws_secretsmanager_random_password', endpoint: 'secretsmanager', operation: 'GetRandomPassword', answered: 1 },
          ],
          problems: [],
        },
        {
          stack: 'pipeline-dev',
          synthSha256: 'y',
          validate: { json: true, hcl: false },
          deterministic: false,
          shim: [],
          stubs: [],
          problems: ['plan failed'],
        },
      ],
      problems: ['pipeline-dev: plan failed'],
      ok: false,
    };

    // Act
    const markdown = summaryMarkdown(summary);

    // Assess
    expect(markdown.startsWith(`${SUMMARY_MARKER}\n`)).toBe(true);
    expect(markdown).toContain('FAILED');
    expect(markdown).toContain('| `pipeline-prod` | ok / ok | 156 | 0 | 0 | yes | aws_secretsmanager_random_password (1 call) |');
    expect(markdown).toContain('| `pipeline-dev` | ok / FAILED | failed | | ');
    expect(markdown).toContain('| aws_kinesis_stream.max_record_size_in_kib (hashicorp/aws 6.20.0) dropped | yes | 4 |');
    expect(markdown).toContain('- pipeline-dev: plan failed');
  });
});
