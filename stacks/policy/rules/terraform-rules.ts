import type { PolicyRule, Violation } from '../policy-rule';

/** What Terraform accepts in `depends_on`: a bare resource or data address, never an interpolation. */
const ADDRESS = /^(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+$/;

/**
 * Terraform reads each `depends_on` entry as a static reference; `"${aws_iam_role.x}"` (what a
 * resource's raw `fqn` renders to) fails every plan with "A single static variable reference is required".
 */
export const dependsOnAddresses: PolicyRule = {
  id: 'TF-DEPENDS-ON',
  description: 'depends_on lists bare resource addresses (type.name), which is all Terraform accepts there',
  check: (model) => {
    const violations: Violation[] = [];
    for (const resource of model.resources) {
      const entries = resource.attrs.depends_on;
      if (!Array.isArray(entries)) continue;
      const bad = entries.filter((e) => typeof e !== 'string' || !ADDRESS.test(e));
      if (bad.length > 0) {
        violations.push({
          resource,
          message: `depends_on holds ${bad.map((e) => JSON.stringify(e)).join(', ')}; expected bare addresses such as aws_iam_role.x (use cdktf's dependable(), not fqn)`,
        });
      }
    }
    return violations;
  },
};

export const TERRAFORM_RULES: readonly PolicyRule[] = [dependsOnAddresses];
