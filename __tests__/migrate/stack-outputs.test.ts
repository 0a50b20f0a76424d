import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackFile, stackOutputPlaceholders } from '../../migrate/stack-outputs';
import { MigrateError, MigrateUsageError } from '../../migrate/errors';
import { findEnvironment } from '../../config/environment-lookup';
import { resolveMigrationTarget } from '../../migrate/target';

const env = findEnvironment('dev');

/** A synthesized stack as cdktf writes it: literal outputs and outputs that reference a resource attribute. */
function stackJson(overrides: { database?: string; rawBucket?: string; workgroupOutput?: string } = {}): object {
  return {
    output: {
      glue_database: { value: '${aws_glue_catalog_database.catalog.name}' },
      athena_workgroup: { value: overrides.workgroupOutput ?? '${aws_athena_workgroup.wg_1234.name}' },
      raw_bucket: { value: overrides.rawBucket ?? 'logtel-dev-raw-111111111111-us-east-1' },
      processed_bucket: { value: 'logtel-dev-processed-111111111111-us-east-1' },
      alert_topic_arn: { value: '${aws_sns_topic.alerts.arn}' },
    },
    resource: {
      aws_glue_catalog_database: { catalog: { name: overrides.database ?? 'logtel_dev' } },
      aws_athena_workgroup: { wg_1234: { name: 'logtel-dev-analytics' } },
    },
  };
}

describe('Function: stackOutputPlaceholders', () => {
  let root: string;
  const write = (content: object | string): string => {
    const file = stackFile('dev', root);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'migrate-stack-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads literal outputs and follows references to a resource attribute', () => {
    // Prepare
    const file = write(stackJson());

    // Act
    const values = stackOutputPlaceholders(file);

    // Assess
    expect(values).toEqual({
      database: 'logtel_dev',
      workgroup: 'logtel-dev-analytics',
      raw_bucket: 'logtel-dev-raw-111111111111-us-east-1',
      raw_location: 's3://logtel-dev-raw-111111111111-us-east-1/',
      processed_bucket: 'logtel-dev-processed-111111111111-us-east-1',
      processed_location: 's3://logtel-dev-processed-111111111111-us-east-1/',
    });
  });

  it('is undefined when the stack was not synthesized', () => {
    // Act
    const values = stackOutputPlaceholders(stackFile('dev', root));

    // Assess
    expect(values).toBeUndefined();
  });

  it.each([
    { name: 'not JSON', content: '{', expected: /cdk\.tf\.json: not a synthesized Terraform JSON stack .*; run 'npm run synth' again$/ },
    {
      name: 'a reference with no literal value',
      content: stackJson({ workgroupOutput: '${aws_athena_workgroup.missing.name}' }),
      expected:
        /output athena_workgroup = \$\{aws_athena_workgroup\.missing\.name\}: aws_athena_workgroup\.missing has no literal 'name'; pass --placeholder/,
    },
  ])('fails naming the file and the output: $name', ({ content, expected }) => {
    // Prepare
    const file = write(content);

    // Act
    const act = (): unknown => stackOutputPlaceholders(file);

    // Assess
    expect(act).toThrow(expected);
  });

  it('resolves the target from the stack; a stale stack that disagrees with the config is an error unless overridden', () => {
    // Prepare
    const fresh = { file: 'fresh.json', values: stackOutputPlaceholders(write(stackJson())) ?? {} };
    const stale = { file: 'stale.json', values: stackOutputPlaceholders(write(stackJson({ database: 'logtel_old' }))) ?? {} };

    // Act
    const target = resolveMigrationTarget(env, {}, fresh);
    const refused = (): unknown => resolveMigrationTarget(env, {}, stale);
    const overridden = resolveMigrationTarget(env, { database: 'logtel_old' }, stale);

    // Assess
    expect(target).toMatchObject({ database: 'logtel_dev', workgroup: 'logtel-dev-analytics' });
    expect(refused).toThrow(
      "stale.json: ${database} is 'logtel_old' in the synthesized stack but 'logtel_dev' in config/ for dev; run 'npm run synth' again, or pass --placeholder database=<value>",
    );
    // The history and the DDL go to the same database.
    expect(overridden.database).toBe('logtel_old');
    expect(overridden.placeholders.database).toBe('logtel_old');
  });

  it.each([
    ['database', 'logtel_dev.x; DROP DATABASE logtel_dev CASCADE; --', 'a Glue database name: lower-case letters, digits and _'],
    ['database', '../../outside', 'a Glue database name: lower-case letters, digits and _'],
    ['workgroup', "wg' --", 'an Athena workgroup name: letters, digits, . _ and -'],
    [
      'raw_location',
      "s3://b/x/' LOCATION 's3://elsewhere/",
      "a value without quotes, ';', '\\', '--', '/*' or line breaks, because it is pasted into the SQL as it is",
    ],
    ['raw_bucket', 'b/*', "a value without quotes, ';', '\\', '--', '/*' or line breaks, because it is pasted into the SQL as it is"],
  ])('refuses --placeholder %s=%p, which would be pasted into the SQL, as a usage error', (name, value, expected) => {
    // Act
    const act = (): unknown => resolveMigrationTarget(env, { [name]: value });

    // Assess
    expect(act).toThrow(MigrateUsageError);
    expect(act).toThrow(`--placeholder ${name}: got '${value}'; expected ${expected}`);
  });

  it('refuses a stack output value that would be pasted into the SQL, naming the stack file', () => {
    // Prepare: the stack agrees with nothing in config/ for this name, so only the value check can stop it.
    const stack = { file: 'stack.json', values: { firehose_prefix: "x/'; DROP" } };

    // Act
    const act = (): unknown => resolveMigrationTarget(env, {}, stack);

    // Assess
    expect(act).toThrow(MigrateError);
    expect(act).not.toThrow(MigrateUsageError);
    expect(act).toThrow("stack.json: ${firehose_prefix}: got 'x/'; DROP'; expected a value without quotes");
  });
});
