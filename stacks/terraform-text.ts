import { Fn } from 'cdktf';

/**
 * cdktf's HCL writer (`cdktf synth --hcl`, which sets SYNTH_HCL_OUTPUT) does not
 * escape backslashes, drops the quotes of JSON text that contains `${...}`
 * references, and leaves map keys such as `--TempDir` unquoted. The JSON synth is
 * unaffected. These helpers give each synth the form it writes correctly, so the
 * HCL output (the exit path) means the same as the JSON that is planned and checked.
 */
function hclSynth(): boolean {
  return process.env.SYNTH_HCL_OUTPUT === 'true';
}

/**
 * JSON text for a string attribute (policies): plain JSON text in the JSON synth
 * (readable in `terraform plan` and by the policy checks), `jsonencode(...)` in the HCL synth.
 */
export function terraformJson(value: unknown): string {
  return hclSynth() ? Fn.jsonencode(value) : JSON.stringify(value);
}

/** A string literal that may hold backslashes (e.g. the escaped delimiter `\n`). */
export function terraformText(value: string): string {
  return hclSynth() ? value.replace(/\\/g, '\\\\') : value;
}

/** A map of strings whose keys are not HCL identifiers (e.g. Glue's `--TempDir`): `tomap(...)` quotes them in the HCL synth. */
export function terraformMap(value: Readonly<Record<string, string>>): Record<string, string> {
  return hclSynth() ? (Fn.tomap(value) as unknown as Record<string, string>) : { ...value };
}
