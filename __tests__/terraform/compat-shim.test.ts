import { describeEntry, shimHcl, shimJson, shimNeeded, shimProblems, type ShimEntry } from '../../scripts/tf-check/compat-shim';
import { SHIM_ENTRIES } from '../../scripts/tf-check/compat-shim-entries';

const DROP: ShimEntry = {
  resourceType: 'aws_kinesis_stream',
  attribute: 'max_record_size_in_kib',
  introducedIn: '6.20.0',
  action: { kind: 'drop' },
};
const MAP: ShimEntry = {
  resourceType: 'aws_lambda_function',
  attribute: 'runtime',
  value: 'nodejs24.x',
  introducedIn: '6.19.0',
  action: { kind: 'map', to: 'nodejs22.x' },
};

function synthDoc(): { resource: Record<string, Record<string, Record<string, unknown>>> } {
  return {
    resource: {
      aws_kinesis_stream: { s: { name: 'logs', max_record_size_in_kib: 1024 } },
      aws_lambda_function: { f: { runtime: 'nodejs24.x' }, g: { runtime: 'python3.12' } },
    },
  };
}

const HCL = [
  'resource "aws_kinesis_stream" "s" {',
  '  max_record_size_in_kib = 1024',
  '  name                   = "logs"',
  '  stream_mode_details {',
  '    stream_mode = "ON_DEMAND"',
  '  }',
  '}',
  'resource "aws_lambda_function" "f" {',
  '  runtime = "nodejs24.x"',
  '}',
  'resource "aws_lambda_function" "g" {',
  '  runtime = "python3.12"',
  '}',
  '',
].join('\n');

describe('Compatibility shim (scratch copies only)', () => {
  it('the table holds the two gaps between the pinned 6.25 and the mirror 5.100', () => {
    expect(SHIM_ENTRIES.map(describeEntry)).toEqual([
      'aws_kinesis_stream.max_record_size_in_kib (hashicorp/aws 6.20.0) dropped',
      'aws_lambda_function.runtime = "nodejs24.x" (hashicorp/aws 6.19.0) mapped to "nodejs22.x"',
    ]);
  });

  it('drops and maps in the JSON synth, only what the entries name', () => {
    // Prepare
    const doc = synthDoc();

    // Act
    const applications = shimJson(doc, [DROP, MAP], () => true);

    // Assess
    expect(doc.resource.aws_kinesis_stream.s).toEqual({ name: 'logs' });
    expect(doc.resource.aws_lambda_function).toEqual({ f: { runtime: 'nodejs22.x' }, g: { runtime: 'python3.12' } });
    expect(applications).toEqual([
      { entry: 0, address: 'aws_kinesis_stream.s', attribute: 'max_record_size_in_kib', from: '1024' },
      { entry: 1, address: 'aws_lambda_function.f', attribute: 'runtime', from: '"nodejs24.x"', to: '"nodejs22.x"' },
    ]);
  });

  it('does the same to the HCL text, leaving nested blocks and other resources alone', () => {
    // Act
    const { text, applications } = shimHcl(HCL, [DROP, MAP], () => true);

    // Assess
    expect(text).not.toContain('max_record_size_in_kib');
    expect(text).toContain('  runtime = "nodejs22.x"');
    expect(text).toContain('  runtime = "python3.12"');
    expect(text).toContain('    stream_mode = "ON_DEMAND"');
    expect(applications.map((a) => a.address)).toEqual(['aws_kinesis_stream.s', 'aws_lambda_function.f']);
  });

  it('finds but does not change what the installed provider supports', () => {
    // Prepare
    const doc = synthDoc();

    // Act
    const applications = shimJson(doc, [DROP, MAP], (e) => shimNeeded(e, '6.25.0'));

    // Assess
    expect(applications).toHaveLength(2);
    expect(doc).toEqual(synthDoc());
    expect(shimNeeded(DROP, '5.100.0')).toBe(true);
    expect(shimNeeded(DROP, '6.20.0')).toBe(false);
  });

  it('refuses a multi-line attribute in the HCL instead of half-editing it', () => {
    const hcl = 'resource "aws_lambda_function" "f" {\n  runtime = [\n    "nodejs24.x",\n  ]\n}\n';
    expect(() => shimHcl(hcl, [MAP], () => true)).toThrow('aws_lambda_function.f.runtime is not a one-line literal in the HCL');
  });

  it('fails an entry no stack needs, and one applied although the provider has it', () => {
    // Act
    const problems = shimProblems(
      [
        { entry: DROP, applied: true, occurrences: 0 },
        { entry: MAP, applied: true, occurrences: 2 },
      ],
      '6.19.0',
    );

    // Assess
    expect(problems).toEqual([
      'shim entry aws_kinesis_stream.max_record_size_in_kib (hashicorp/aws 6.20.0) dropped: no stack contains it any more; remove it from scripts/tf-check/compat-shim-entries.ts',
      'shim entry aws_lambda_function.runtime = "nodejs24.x" (hashicorp/aws 6.19.0) mapped to "nodejs22.x": applied although the installed hashicorp/aws 6.19.0 has it; remove it from scripts/tf-check/compat-shim-entries.ts',
    ]);
    expect(shimProblems([{ entry: MAP, applied: true, occurrences: 2 }], '5.100.0')).toEqual([]);
    expect(shimProblems([{ entry: MAP, applied: false, occurrences: 2 }], '6.25.0')).toEqual([]);
  });
});
