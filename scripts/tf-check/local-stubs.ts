/**
 * Data sources that call AWS at plan time, answered by a loopback stub in the scratch copies
 * (the provider's `endpoints.<service>` points at it). Each is listed as "answered locally".
 * A stub that no stack needs any more fails the check: remove it then.
 */
export interface LocalStub {
  readonly dataSource: string;
  /** The provider's `endpoints` key. */
  readonly endpoint: 'secretsmanager';
  /** The one operation answered; anything else gets an error. */
  readonly operation: 'GetRandomPassword';
}

// None needed: prod's OpenSearch master user is an IAM role now (issue 15), so the password data
// source (aws_secretsmanager_random_password) that needed the Secrets Manager stub is gone.
export const LOCAL_STUBS: readonly LocalStub[] = [];

/** The fixed answer: never a real secret, and recognizable in a plan. */
export const STUB_PASSWORD = 'tf-check-placeholder-not-a-secret';

export function stubsFor(doc: { data?: Record<string, unknown> }, stubs: readonly LocalStub[] = LOCAL_STUBS): LocalStub[] {
  return stubs.filter((s) => Object.keys(doc.data?.[s.dataSource] ?? {}).length > 0);
}

/** A stub that no stack uses any more fails the check, so the table cannot rot. */
export function unusedStubProblems(usedDataSources: ReadonlySet<string>, stubs: readonly LocalStub[] = LOCAL_STUBS): string[] {
  return stubs
    .filter((s) => !usedDataSources.has(s.dataSource))
    .map((s) => `stub for data.${s.dataSource}: no stack uses it any more; remove it from scripts/tf-check/local-stubs.ts`);
}
