import { terraformJson } from '../terraform-text';

/**
 * IAM policy documents written as data, so tests and the policy checks can read
 * the statements from the synthesized JSON. Values may be Terraform tokens; they
 * render as `${...}` interpolations inside the JSON string.
 */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return terraformJson({ Version: '2012-10-17', Statement: statements });
}
