/** The parts of `terraform show -json <plan>` (format 1.x) that tf:check and the plan tests read. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete';

export interface ResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly PlanAction[];
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly before?: unknown;
  };
}

export interface ExpressionValue {
  readonly constant_value?: unknown;
  readonly references?: readonly string[];
}

/** A nested block's expressions are a list of expression maps. */
export type Expressions = Readonly<Record<string, ExpressionValue | readonly Expressions[]>>;

export interface ConfigResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly expressions?: Expressions;
  readonly depends_on?: readonly string[];
}

export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version: string;
  readonly resource_changes?: readonly ResourceChange[];
  readonly configuration: { readonly root_module: { readonly resources?: readonly ConfigResource[] } };
  readonly relevant_attributes?: readonly { readonly resource: string; readonly attribute: readonly unknown[] }[];
  readonly timestamp?: string;
  readonly errored?: boolean;
  readonly complete?: boolean;
}

export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

/** The numbers of terraform's "Plan: N to add, M to change, K to destroy." line, from the JSON. */
export function planCounts(plan: TerraformPlan): PlanCounts {
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== 'managed') continue;
    const actions = rc.change.actions;
    if (actions.includes('create')) add += 1;
    if (actions.includes('delete')) destroy += 1;
    if (actions.length === 1 && actions[0] === 'update') change += 1;
  }
  return { add, change, destroy };
}

/** The counts from terraform's human plan output, or undefined when it printed none. */
export function planCountsFromText(text: string): PlanCounts | undefined {
  if (/No changes\./.test(text)) return { add: 0, change: 0, destroy: 0 };
  const m = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\./.exec(text);
  if (!m) return undefined;
  return { add: Number(m[1]), change: Number(m[2]), destroy: Number(m[3]) };
}
