/**
 * A read-only view of a stack's resolved Terraform JSON, so rules see every
 * resource the same way whoever created it (our constructs, the lead's, raw
 * provider classes). References between resources are the `${type.name.attr}`
 * strings Terraform itself reads.
 */

export type Attributes = Readonly<Record<string, unknown>>;

export interface ResourceView {
  /** `resource` or `data`. */
  readonly mode: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** Terraform address: `aws_s3_bucket.x` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  /** Construct path (from the `//` metadata); empty when unknown. */
  readonly path: string;
  readonly attrs: Attributes;
}

export interface Statement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** Principal identifiers of any type (`*`, ARNs, service names). */
  readonly principals: readonly string[];
  readonly conditions: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** A nested block as a list, whether the JSON renders it as an object or as an array of objects. */
export function blocks(attrs: Attributes | undefined, key: string): Attributes[] {
  const value = attrs?.[key];
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

export function block(attrs: Attributes | undefined, key: string): Attributes | undefined {
  return blocks(attrs, key)[0];
}

/** `true` only for a literal true (a token or absence is not proof). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

const REFERENCE = /\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;

/** Addresses referenced anywhere inside a value. */
export function referencedAddresses(value: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const match of v.matchAll(REFERENCE)) found.push(`${match[1] ?? ''}${match[2]}.${match[3]}`);
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (isRecord(v)) {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return found;
}

export class TerraformModel {
  readonly resources: readonly ResourceView[];
  private readonly byAddress: ReadonlyMap<string, ResourceView>;

  constructor(json: unknown) {
    const views: ResourceView[] = [];
    const root = isRecord(json) ? json : {};
    for (const mode of ['resource', 'data'] as const) {
      const byType = root[mode];
      if (!isRecord(byType)) continue;
      for (const [type, byName] of Object.entries(byType)) {
        if (!isRecord(byName)) continue;
        for (const [name, attrs] of Object.entries(byName)) {
          if (!isRecord(attrs)) continue;
          const meta = block(block(attrs, '//'), 'metadata');
          views.push({
            mode,
            type,
            name,
            address: mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`,
            path: typeof meta?.path === 'string' ? meta.path : '',
            attrs,
          });
        }
      }
    }
    this.resources = views;
    this.byAddress = new Map(views.map((v) => [v.address, v]));
  }

  ofType(type: string): ResourceView[] {
    return this.resources.filter((r) => r.mode === 'resource' && r.type === type);
  }

  find(address: string): ResourceView | undefined {
    return this.byAddress.get(address);
  }

  /** Resources referenced by a value (e.g. the key behind `kms_master_key_id`). */
  referenced(value: unknown, type?: string): ResourceView[] {
    return referencedAddresses(value)
      .map((a) => this.byAddress.get(a))
      .filter((r): r is ResourceView => r !== undefined && (type === undefined || r.type === type));
  }

  /**
   * Resources of `type` whose attribute `attr` points at `target`: by reference, or
   * by the target's literal `bucket`/`name` when both sides are plain strings.
   */
  attachedTo(target: ResourceView, type: string, attr: string): ResourceView[] {
    const literalNames = [target.attrs.bucket, target.attrs.name].filter((v): v is string => typeof v === 'string');
    return this.ofType(type).filter((r) => {
      const value = r.attrs[attr];
      if (referencedAddresses(value).includes(target.address)) return true;
      return typeof value === 'string' && literalNames.includes(value);
    });
  }

  /**
   * Statements of a policy given as JSON text or as a reference to an
   * `aws_iam_policy_document` data source. `undefined` when it cannot be read at
   * synth (e.g. a `jsonencode(...)` expression): rules then stay silent rather than guess.
   */
  statements(policy: unknown): Statement[] | undefined {
    if (typeof policy !== 'string') return undefined;
    const doc = policy.match(/^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/);
    if (doc) {
      const source = this.byAddress.get(`data.aws_iam_policy_document.${doc[1]}`);
      return source ? blocks(source.attrs, 'statement').map(documentStatement) : undefined;
    }
    try {
      const parsed: unknown = JSON.parse(policy);
      if (!isRecord(parsed)) return undefined;
      const raw = parsed.Statement;
      const list = Array.isArray(raw) ? raw : [raw];
      return list.filter(isRecord).map(jsonStatement);
    } catch {
      return undefined;
    }
  }
}

function documentStatement(s: Attributes): Statement {
  return {
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: asStrings(s.actions),
    resources: asStrings(s.resources),
    principals: blocks(s, 'principals').flatMap((p) => asStrings(p.identifiers)),
    conditions: blocks(s, 'condition').map((c) => ({ test: String(c.test), variable: String(c.variable), values: asStrings(c.values) })),
  };
}

function jsonStatement(s: Record<string, unknown>): Statement {
  const principal = s.Principal;
  const principals = typeof principal === 'string' ? [principal] : isRecord(principal) ? Object.values(principal).flatMap(asStrings) : [];
  const conditions: Statement['conditions'][number][] = [];
  if (isRecord(s.Condition)) {
    for (const [test, byVariable] of Object.entries(s.Condition)) {
      if (!isRecord(byVariable)) continue;
      // JSON conditions may give booleans (`"aws:SecureTransport": false`); IAM reads them as strings.
      for (const [variable, values] of Object.entries(byVariable))
        conditions.push({ test, variable, values: asStrings(typeof values === 'boolean' ? String(values) : values) });
    }
  }
  return {
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: asStrings(s.Action),
    resources: asStrings(s.Resource),
    principals,
    conditions,
  };
}
