import type { ResourceView, TerraformModel } from './terraform-model';

/** One finding: the resource breaking the rule and what to change. */
export interface Violation {
  readonly resource: ResourceView;
  readonly message: string;
}

export interface PolicyRule {
  /** Stable id used in messages and waivers, e.g. `S3-TLS-ONLY`. */
  readonly id: string;
  /** One line: what the rule demands. */
  readonly description: string;
  readonly check: (model: TerraformModel) => Violation[];
}

/** Builds a rule that inspects each resource of one type on its own. */
export function perResource(
  id: string,
  description: string,
  type: string,
  failure: (resource: ResourceView, model: TerraformModel) => string | null,
): PolicyRule {
  return {
    id,
    description,
    check: (model) =>
      model.ofType(type).flatMap((resource) => {
        const message = failure(resource, model);
        return message === null ? [] : [{ resource, message }];
      }),
  };
}
