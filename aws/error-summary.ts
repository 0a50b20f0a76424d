/**
 * One line that says what went wrong with an AWS call, for CLI messages and logs:
 * the error's name, its message and the HTTP status when an answer arrived, with the
 * way out for the usual causes (no credentials, no answer in time, no connection).
 */
export function awsErrorSummary(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  const code = (error as { code?: unknown }).code;
  const name = typeof code === 'string' && error.name === 'Error' ? code : error.name;
  // The SDK's HTTP handler prefixes its own log tag; the user needs the sentence.
  const firstLine = (error.message.split('\n', 1)[0] ?? '').replace(/^@smithy\/[\w-]+ - \[ERROR\] /, '');
  const hint = HINTS.find(([pattern]) => pattern.test(name) || pattern.test(firstLine))?.[1];
  const head = `${name}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${firstLine}`;
  return hint === undefined ? head : `${head} (${hint})`;
}

const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/CredentialsProviderError|Could not load credentials/, 'set AWS credentials, e.g. AWS_PROFILE, or pass --endpoint for a local API'],
  [/TimeoutError|timed out|ETIMEDOUT/, 'the endpoint did not answer in time; check the endpoint and the network'],
  [/ECONNREFUSED/, 'nothing listens at the endpoint'],
  [/ENOTFOUND|EAI_AGAIN/, 'the endpoint host name does not resolve'],
  [/ExpiredToken/, 'the credentials have expired; refresh them'],
];
