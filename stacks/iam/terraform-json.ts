import { Fn } from 'cdktf';

/**
 * JSON text for a Terraform string attribute (policies, dashboard bodies).
 * The JSON synth gets plain JSON text: readable in `terraform plan` and readable by
 * the policy checks. The HCL synth (`cdktf synth --hcl` sets SYNTH_HCL_OUTPUT) gets
 * `jsonencode(...)`, because cdktf's HCL writer drops the quotes of JSON text that
 * contains `${...}` references and writes invalid HCL.
 */
export function terraformJson(value: unknown): string {
  return process.env.SYNTH_HCL_OUTPUT === 'true' ? Fn.jsonencode(value) : JSON.stringify(value);
}
