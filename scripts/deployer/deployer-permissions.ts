import { ExitCode } from '../../cli/exit-codes';
import { DATA_SOURCE_ACTIONS, RESOURCE_ACTIONS, SERVICE_NAMES, type TypeActions } from './resource-actions';

/** A synthesized stack: its name and its Terraform JSON. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: { readonly resource?: Record<string, unknown>; readonly data?: Record<string, unknown> };
}

export interface ServicePermissions {
  readonly service: string;
  readonly name: string;
  readonly actions: readonly string[];
  /** Terraform types (`data.` prefixed for data sources) that need the service. */
  readonly types: readonly string[];
}

export interface StackPermissions {
  readonly stack: string;
  readonly services: readonly ServicePermissions[];
}

/** A synthesized type with no line in resource-actions.ts. */
export class UnmappedTypeError extends Error {
  public readonly exitCode = ExitCode.Refused;
  public constructor(public readonly types: readonly string[]) {
    super(
      `no deployer permissions for ${types.join(', ')}; add ${types.length === 1 ? 'it' : 'them'} to scripts/deployer/resource-actions.ts`,
    );
    this.name = 'UnmappedTypeError';
  }
}

/**
 * From the synthesized stacks to the services and IAM action patterns their deploying
 * principal needs, per stack, sorted. Every type comes from the synth output, none from
 * a list kept by hand; the table only says what each type needs.
 */
export function deployerPermissions(stacks: readonly SynthesizedStack[]): StackPermissions[] {
  const unmapped = new Set<string>();
  const result = stacks.map((stack) => {
    const byService = new Map<string, { actions: Set<string>; types: Set<string> }>();
    const add = (type: string, label: string, table: Readonly<Record<string, TypeActions>>): void => {
      const entry = table[type];
      if (entry === undefined) {
        unmapped.add(label);
        return;
      }
      const service = byService.get(entry.service) ?? { actions: new Set<string>(), types: new Set<string>() };
      entry.actions.forEach((a) => service.actions.add(a));
      service.types.add(label);
      byService.set(entry.service, service);
    };
    for (const type of Object.keys(stack.json.resource ?? {})) add(type, type, RESOURCE_ACTIONS);
    for (const type of Object.keys(stack.json.data ?? {})) add(type, `data.${type}`, DATA_SOURCE_ACTIONS);
    const services = [...byService.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([service, v]) => ({
        service,
        name: SERVICE_NAMES[service] ?? service,
        actions: [...v.actions].sort(),
        types: [...v.types].sort(),
      }));
    return { stack: stack.name, services };
  });
  if (unmapped.size > 0) throw new UnmappedTypeError([...unmapped].sort());
  return result;
}

/** Markdown: one table per stack (service, IAM prefix, action patterns, types). */
export function renderPermissions(permissions: readonly StackPermissions[]): string {
  const lines: string[] = [];
  for (const stack of permissions) {
    lines.push(`#### \`${stack.stack}\``, '', '| service | IAM prefix | action patterns | Terraform types |', '| --- | --- | --- | --- |');
    for (const s of stack.services) {
      lines.push(
        `| ${s.name} | \`${s.service}\` | ${s.actions.map((a) => `\`${a}\``).join(', ')} | ${s.types.map((t) => `\`${t}\``).join(', ')} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
