import type { ShimApplication } from './compat-shim';
import type { PlanCounts } from './plan-json';

/** `.tf-check/summary.json`: what tf:check did, read by the plan tests and the PR comment. */
export interface StackSummary {
  readonly stack: string;
  /** sha256 of the synthesized cdk.tf.json the plan was made from (stale-plan detection). */
  readonly synthSha256: string;
  readonly validate: { readonly json: boolean; readonly hcl: boolean };
  readonly plan?: PlanCounts;
  readonly deterministic: boolean;
  /** What the shim changed in this stack's scratch copies (the engine did not check these). */
  readonly shim: readonly (ShimApplication & { readonly description: string })[];
  readonly stubs: readonly {
    readonly dataSource: string;
    readonly endpoint: string;
    readonly operation: string;
    readonly answered: number;
  }[];
  readonly problems: readonly string[];
}

export interface CheckSummary {
  readonly terraformVersion: string;
  readonly provider: {
    readonly version: string;
    readonly installedFrom: 'mirror' | 'registry';
    readonly mirror?: string;
    readonly foundBy?: string;
  };
  readonly shimEntries: readonly { readonly description: string; readonly applied: boolean; readonly occurrences: number }[];
  readonly stacks: readonly StackSummary[];
  readonly problems: readonly string[];
  readonly ok: boolean;
}

export const SUMMARY_MARKER = '<!-- tf-check-offline-plan -->';

/** The PR comment: adds and changes per stack, the shim table and the stubs, then any problem. */
export function summaryMarkdown(summary: CheckSummary): string {
  const lines = [
    SUMMARY_MARKER,
    `### Offline \`terraform plan\` (npm run tf:check): ${summary.ok ? 'passed' : 'FAILED'}`,
    '',
    `Terraform ${summary.terraformVersion}, hashicorp/aws ${summary.provider.version} from ${summary.provider.installedFrom === 'mirror' ? `the mirror ${summary.provider.mirror ?? ''}` : 'the registry'}; fake credentials, \`-refresh=false\`.`,
    '',
    '| stack | validate (JSON / HCL) | add | change | destroy | deterministic | answered locally |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...summary.stacks.map((s) => {
      const stubs = s.stubs.map((t) => `${t.dataSource} (${t.answered} call${t.answered === 1 ? '' : 's'})`).join(', ') || 'none';
      const plan = s.plan ? [s.plan.add, s.plan.change, s.plan.destroy].join(' | ') : 'failed | | ';
      return `| \`${s.stack}\` | ${s.validate.json ? 'ok' : 'FAILED'} / ${s.validate.hcl ? 'ok' : 'FAILED'} | ${plan} | ${s.deterministic ? 'yes' : 'NO'} | ${stubs} |`;
    }),
    '',
    '**Compatibility shim** (scratch copies only; the engine did not check these):',
    '',
    '| entry | applied | places |',
    '| --- | --- | --- |',
    ...summary.shimEntries.map((e) => `| ${e.description} | ${e.applied ? 'yes' : 'no (provider has it)'} | ${e.occurrences} |`),
  ];
  if (summary.problems.length > 0) lines.push('', '**Problems:**', '', ...summary.problems.map((p) => `- ${p}`));
  return `${lines.join('\n')}\n`;
}
