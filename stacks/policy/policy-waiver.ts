import type { IConstruct } from 'constructs';
import { InvalidWaiverError } from './invalid-waiver-error';

const WAIVERS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Waives policy rules for one construct and everything below it, with a reason
 * that the synth output shows as a warning:
 *
 *   PolicyWaiver.of(bucket).waive('S3-TLS-ONLY', 'public website bucket, served by CloudFront');
 */
export class PolicyWaiver {
  static of(construct: IConstruct): PolicyWaiver {
    return new PolicyWaiver(construct);
  }

  private constructor(private readonly construct: IConstruct) {}

  waive(ruleId: string, reason: string): this {
    if (!/^[A-Z0-9-]+$/.test(ruleId)) {
      throw new InvalidWaiverError(
        ruleId,
        `PolicyWaiver.waive: rule id '${ruleId}' at ${this.construct.node.path}; expected an upper-case rule id such as S3-TLS-ONLY`,
      );
    }
    if (reason.trim().length < 10) {
      throw new InvalidWaiverError(
        ruleId,
        `PolicyWaiver.waive('${ruleId}') at ${this.construct.node.path}: reason must say why, in at least 10 characters`,
      );
    }
    const waivers = WAIVERS.get(this.construct) ?? new Map<string, string>();
    waivers.set(ruleId, reason.trim());
    WAIVERS.set(this.construct, waivers);
    return this;
  }

  /** Waivers declared on this construct itself (not inherited). */
  get declared(): ReadonlyMap<string, string> {
    return WAIVERS.get(this.construct) ?? new Map();
  }

  /** The reason a rule is waived here or on an enclosing scope, if it is. */
  reasonFor(ruleId: string): string | undefined {
    for (const scope of [...this.construct.node.scopes].reverse()) {
      const reason = WAIVERS.get(scope)?.get(ruleId);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }
}
