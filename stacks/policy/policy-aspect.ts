import { Annotations, Aspects, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { PolicyRule } from './policy-rule';
import { PolicyWaiver } from './policy-waiver';
import { POLICY_RULES } from './rules/all-rules';
import { TerraformModel } from './terraform-model';

/**
 * Checks a whole stack against the policy rules at synth. It reads the stack's
 * resolved Terraform JSON, so a rule sees every resource the same way whoever
 * created it, and cross-resource facts (a bucket's policy, a topic's key) are plain
 * references. Violations become error annotations, which make `cdktf synth` fail
 * with `[<construct path>] [RULE-ID] ...`; waived ones become warnings with the reason.
 */
export class PolicyAspect implements IAspect {
  constructor(private readonly rules: readonly PolicyRule[] = POLICY_RULES) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const stack = node;
    const model = new TerraformModel(stack.toTerraform());
    const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c]));
    const known = new Set(this.rules.map((r) => r.id));

    for (const construct of byPath.values()) {
      for (const ruleId of PolicyWaiver.of(construct).declared.keys()) {
        if (!known.has(ruleId)) {
          Annotations.of(construct).addError(
            `[POLICY-WAIVER] waiver names unknown rule '${ruleId}'; expected one of ${[...known].join(', ')}`,
          );
        }
      }
    }

    for (const rule of this.rules) {
      for (const violation of rule.check(model)) {
        const target = byPath.get(violation.resource.path) ?? stack;
        const where = `${violation.resource.address} (${violation.resource.path || 'unknown path'})`;
        const reason = PolicyWaiver.of(target).reasonFor(rule.id);
        if (reason === undefined) {
          Annotations.of(target).addError(`[${rule.id}] ${where}: ${violation.message}. Rule: ${rule.description}.`);
        } else {
          Annotations.of(target).addWarning(`[${rule.id}] waived for ${where}: ${reason}`);
        }
      }
    }
  }
}

/** Adds the policy checks to a stack; call once per stack (main.ts does it for every stack). */
export function applyPolicyChecks(stack: TerraformStack, rules: readonly PolicyRule[] = POLICY_RULES): void {
  Aspects.of(stack).add(new PolicyAspect(rules));
}
