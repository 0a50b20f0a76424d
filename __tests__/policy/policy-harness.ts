import { AnnotationMetadataEntryType, Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { applyPolicyChecks } from '../../stacks/policy/policy-aspect';

export interface Finding {
  readonly level: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
}

/** Builds resources in a fresh stack with the policy checks, runs the aspects, and returns the annotations. */
export function findingsOf(build: (stack: TerraformStack) => void): Finding[] {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  build(stack);
  applyPolicyChecks(stack);
  Testing.synth(stack);
  return stack.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === AnnotationMetadataEntryType.ERROR || m.type === AnnotationMetadataEntryType.WARN)
      .map((m) => ({
        level: m.type === AnnotationMetadataEntryType.ERROR ? ('error' as const) : ('warning' as const),
        path: c.node.path,
        message: String(m.data),
      })),
  );
}

export function errorsFor(findings: readonly Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.level === 'error' && f.message.startsWith(`[${ruleId}]`));
}
