import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MigrateError } from './errors';

/**
 * Placeholder values from the synthesized pipeline stack (`cdktf.out`), so that
 * the runner targets what Terraform deploys. An output is either a literal or a
 * reference to one attribute of a resource in the same stack
 * (`${aws_glue_catalog_database.catalog.name}`); a reference is followed once to
 * the resource's literal attribute. Anything only known after apply (an ARN, an
 * endpoint) is not needed here and is skipped.
 */

/** Stack output -> the placeholders it provides. */
const OUTPUT_PLACEHOLDERS: Readonly<Record<string, (value: string) => Readonly<Record<string, string>>>> = {
  glue_database: (v) => ({ database: v }),
  athena_workgroup: (v) => ({ workgroup: v }),
  raw_bucket: (v) => ({ raw_bucket: v, raw_location: `s3://${v}/` }),
  processed_bucket: (v) => ({ processed_bucket: v, processed_location: `s3://${v}/` }),
  quarantine_bucket: (v) => ({ quarantine_bucket: v, quarantine_location: `s3://${v}/` }),
};

const stackSchema = z.object({
  output: z.record(z.string(), z.object({ value: z.unknown() })).optional(),
  resource: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))).optional(),
});

const REFERENCE = /^\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$/;

/** `cdktf.out/stacks/pipeline-<env>/cdk.tf.json` under `root`. */
export function stackFile(env: string, root: string = 'cdktf.out'): string {
  return join(root, 'stacks', `pipeline-${env}`, 'cdk.tf.json');
}

/**
 * The placeholder values the stack's outputs provide, or `undefined` when the
 * stack has not been synthesized. A malformed file or an output whose value
 * cannot be known before apply is an error naming the file and the output.
 */
export function stackOutputPlaceholders(file: string): Record<string, string> | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: z.infer<typeof stackSchema>;
  try {
    const result = stackSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!result.success) throw result.error;
    parsed = result.data;
  } catch (error) {
    throw new MigrateError(
      `${file}: not a synthesized Terraform JSON stack (${(error as Error).message.split('\n')[0]}); run 'npm run synth' again`,
      { cause: error },
    );
  }
  const placeholders: Record<string, string> = {};
  for (const [output, toPlaceholders] of Object.entries(OUTPUT_PLACEHOLDERS)) {
    const declared = parsed.output?.[output];
    if (declared === undefined) continue;
    Object.assign(placeholders, toPlaceholders(literalValue(declared.value, parsed.resource ?? {}, file, output)));
  }
  return placeholders;
}

function literalValue(
  value: unknown,
  resources: Record<string, Record<string, Record<string, unknown>>>,
  file: string,
  output: string,
): string {
  if (typeof value !== 'string') throw new MigrateError(`${file}: output ${output} is not a string`);
  const reference = REFERENCE.exec(value);
  if (!reference) {
    if (value.includes('${'))
      throw new MigrateError(`${file}: output ${output} = ${value} is an expression, not a name known before apply`);
    return value;
  }
  const [, type, name, attribute] = reference;
  const resolved = resources[type]?.[name]?.[attribute];
  if (typeof resolved !== 'string' || resolved.includes('${')) {
    throw new MigrateError(
      `${file}: output ${output} = ${value}: ${type}.${name} has no literal '${attribute}'; pass --placeholder to give the value`,
    );
  }
  return resolved;
}
