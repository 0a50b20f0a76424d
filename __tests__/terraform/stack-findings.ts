import { literalFindings, META_ARGUMENTS, referenceFindings, type LiteralFinding, type ReferenceFinding } from './plan-walk';
import { configResources, loadPlan, loadSynth, resourceChanges, stackSummary } from './plans';

export interface StackFindings {
  readonly literals: readonly LiteralFinding[];
  readonly references: readonly ReferenceFinding[];
  /** `address.attribute` the shim changed in the scratch copy: the engine did not check these. */
  readonly shimmed: ReadonlySet<string>;
}

/**
 * Every literal and every reference the synthesized JSON of `stack` sets, paired with what the
 * plan says about it (paths are `type.name.attribute[...]`).
 */
export function stackFindings(stack: string): StackFindings {
  const plan = loadPlan(stack);
  const synth = loadSynth(stack);
  const changes = resourceChanges(plan);
  const configs = configResources(plan);
  const shimmed = new Set(stackSummary(stack).shim.map((s) => `${s.address}.${s.attribute}`));
  const literals: LiteralFinding[] = [];
  const references: ReferenceFinding[] = [];
  for (const [type, byName] of Object.entries(synth.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      const change = changes.get(address)?.change;
      const after = (change?.after ?? {}) as Record<string, unknown>;
      const unknown = (change?.after_unknown ?? {}) as Record<string, unknown>;
      const expressions = configs.get(address)?.expressions ?? {};
      for (const [key, value] of Object.entries(config)) {
        if (META_ARGUMENTS.has(key) || shimmed.has(`${address}.${key}`)) continue;
        literals.push(...literalFindings(value, after[key], unknown[key], `${address}.${key}`));
        references.push(...referenceFindings(value, expressions[key], `${address}.${key}`));
      }
    }
  }
  return { literals, references, shimmed };
}

/** The findings at paths of resources of `type` whose rest matches `attribute` (e.g. `.encryption_type`). */
export function findingsAt<T extends { readonly path: string }>(findings: readonly T[], type: string, attribute: RegExp): T[] {
  return findings.filter((f) => f.path.startsWith(`${type}.`) && attribute.test(f.path.slice(f.path.indexOf('.', type.length + 1))));
}
