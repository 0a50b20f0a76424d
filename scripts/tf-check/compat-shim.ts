import { compareReleaseVersions } from './version';

/**
 * One thing the pinned provider has and an older installed one lacks: an attribute (when
 * `value` is absent) or one value of an attribute, on a resource type.
 */
export interface ShimEntry {
  readonly resourceType: string;
  readonly attribute: string;
  readonly value?: string;
  /** The hashicorp/aws version that introduced it. */
  readonly introducedIn: string;
  readonly action: { readonly kind: 'drop' } | { readonly kind: 'map'; readonly to: string };
}

/** One place the shim changed (or would change) in a stack. */
export interface ShimApplication {
  readonly entry: number;
  /** `type.name` */
  readonly address: string;
  readonly attribute: string;
  readonly from: string;
  /** Undefined when dropped. */
  readonly to?: string;
}

export function describeEntry(entry: ShimEntry): string {
  const what =
    entry.value === undefined ? `${entry.resourceType}.${entry.attribute}` : `${entry.resourceType}.${entry.attribute} = "${entry.value}"`;
  const action = entry.action.kind === 'drop' ? 'dropped' : `mapped to "${entry.action.to}"`;
  return `${what} (hashicorp/aws ${entry.introducedIn}) ${action}`;
}

/** Applied only when the installed provider predates the entry. */
export function shimNeeded(entry: ShimEntry, installedVersion: string): boolean {
  return compareReleaseVersions(installedVersion, entry.introducedIn) < 0;
}

function matches(entry: ShimEntry, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return entry.value === undefined || value === entry.value;
}

type JsonResources = Record<string, Record<string, Record<string, unknown>>>;

/**
 * Finds (and, with `apply`, rewrites in place) what the entries handle in a synthesized
 * `cdk.tf.json` document. Only top-level resource attributes are handled.
 */
export function shimJson(
  doc: { resource?: JsonResources },
  entries: readonly ShimEntry[],
  apply: (entry: ShimEntry) => boolean,
): ShimApplication[] {
  const applications: ShimApplication[] = [];
  entries.forEach((entry, index) => {
    for (const [name, config] of Object.entries(doc.resource?.[entry.resourceType] ?? {})) {
      const current = config[entry.attribute];
      if (!matches(entry, current)) continue;
      const to = entry.action.kind === 'map' ? entry.action.to : undefined;
      applications.push({
        entry: index,
        address: `${entry.resourceType}.${name}`,
        attribute: entry.attribute,
        from: JSON.stringify(current),
        ...(to === undefined ? {} : { to: JSON.stringify(to) }),
      });
      if (!apply(entry)) continue;
      if (to === undefined) delete config[entry.attribute];
      else config[entry.attribute] = to;
    }
  });
  return applications;
}

/**
 * The same on HCL text (`cdk.tf` from `cdktf synth --hcl`, fmt-formatted): top-level attributes
 * of `resource "<type>" "<name>" { ... }` blocks, which sit on one line at two spaces of indent.
 * An attribute that spans lines is refused rather than half-edited.
 */
export function shimHcl(
  text: string,
  entries: readonly ShimEntry[],
  apply: (entry: ShimEntry) => boolean,
): { readonly text: string; readonly applications: ShimApplication[] } {
  const lines = text.split('\n');
  const out: string[] = [];
  const applications: ShimApplication[] = [];
  let block: { type: string; name: string } | undefined;
  for (const line of lines) {
    const open = /^resource "([^"]+)" "([^"]+)" \{\s*$/.exec(line);
    if (open?.[1] !== undefined && open[2] !== undefined) block = { type: open[1], name: open[2] };
    else if (line.startsWith('}')) block = undefined;
    const attr = block ? /^ {2}([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line) : null;
    const index = attr && block ? entries.findIndex((e) => e.resourceType === block?.type && e.attribute === attr[1]) : -1;
    const entry = entries[index];
    if (!attr || !block || entry === undefined) {
      out.push(line);
      continue;
    }
    const raw = (attr[2] ?? '').trim();
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new Error(`shim: ${block.type}.${block.name}.${entry.attribute} is not a one-line literal in the HCL (${raw.slice(0, 40)})`, {
        cause,
      });
    }
    if (!matches(entry, value)) {
      out.push(line);
      continue;
    }
    const to = entry.action.kind === 'map' ? entry.action.to : undefined;
    applications.push({
      entry: index,
      address: `${block.type}.${block.name}`,
      attribute: entry.attribute,
      from: JSON.stringify(value),
      ...(to === undefined ? {} : { to: JSON.stringify(to) }),
    });
    if (!apply(entry)) out.push(line);
    else if (to !== undefined) out.push(line.replace(raw, JSON.stringify(to)));
  }
  return { text: out.join('\n'), applications };
}

export interface ShimReport {
  readonly entry: ShimEntry;
  readonly applied: boolean;
  /** Places in all stacks (JSON synth). */
  readonly occurrences: number;
}

/**
 * Keeps the table from rotting: an entry fails when no stack contains what it handles any more,
 * or when the installed provider already has it and the entry was still applied.
 */
export function shimProblems(reports: readonly ShimReport[], installedVersion: string): string[] {
  return reports.flatMap(({ entry, applied, occurrences }) => {
    const problems: string[] = [];
    if (occurrences === 0)
      problems.push(
        `shim entry ${describeEntry(entry)}: no stack contains it any more; remove it from scripts/tf-check/compat-shim-entries.ts`,
      );
    if (applied && !shimNeeded(entry, installedVersion))
      problems.push(
        `shim entry ${describeEntry(entry)}: applied although the installed hashicorp/aws ${installedVersion} has it; remove it from scripts/tf-check/compat-shim-entries.ts`,
      );
    return problems;
  });
}
