/**
 * The values committed in place of a real account's: they let everything synth, plan and
 * test offline, and must all be replaced before an environment is marked `deployable`.
 * docs/deploy.md lists where each one lives.
 */

/** Account ids used as examples here and in AWS's documentation. */
export const PLACEHOLDER_ACCOUNT_IDS: readonly string[] = ['111111111111', '222222222222', '123456789012'];

/** The repository name committed in config/ci.ts until the real one is known. */
export const PLACEHOLDER_REPOSITORIES: readonly string[] = ['logtel/realtime-pipeline'];

/** Address blocks reserved for documentation: RFC 5737 (IPv4) and RFC 3849 (IPv6). */
export const DOCUMENTATION_RANGES: readonly string[] = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'];

/** Domains reserved for examples (RFC 2606, RFC 6761): mail to them never reaches anyone. */
const RESERVED_MAIL_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;

export function isPlaceholderAccountId(id: string): boolean {
  // A 12-digit id of one repeated digit (000000000000, 999999999999) is an example too.
  return PLACEHOLDER_ACCOUNT_IDS.includes(id) || /^(\d)\1{11}$/.test(id);
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (!/^\d{1,3}$/.test(part) || octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** The first and last address of an IPv4 CIDR, or undefined when it is not one. */
function ipv4Range(cidr: string): readonly [number, number] | undefined {
  const [address = '', bitsText = ''] = cidr.split('/');
  const start = ipv4(address);
  const bits = Number(bitsText);
  if (start === undefined || !/^\d{1,2}$/.test(bitsText) || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const first = Math.floor(start / size) * size;
  return [first, first + size - 1];
}

/** Whether a CIDR lies inside one of the documentation ranges (a placeholder network). */
export function isDocumentationRange(cidr: string): boolean {
  const v4 = ipv4Range(cidr);
  if (v4 !== undefined) {
    return DOCUMENTATION_RANGES.some((range) => {
      const doc = ipv4Range(range);
      return doc !== undefined && doc[0] <= v4[0] && v4[1] <= doc[1];
    });
  }
  // IPv6: inside 2001:db8::/32 when the prefix is at least /32 and starts 2001:0db8.
  const [address = '', bitsText = ''] = cidr.toLowerCase().split('/');
  const groups = address.split(':');
  return (
    Number(bitsText) >= 32 &&
    !address.startsWith('::') &&
    parseInt(groups[0] || '0', 16) === 0x2001 &&
    parseInt(groups[1] || '0', 16) === 0x0db8
  );
}

const CIDR = /^[0-9a-fA-F:.]+\/\d{1,3}$/;

function fieldPath(at: string, path: readonly (string | number)[]): string {
  return at + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

/** The placeholder a string value holds, as the second half of a message, or undefined. */
function placeholderIn(value: string): string | undefined {
  if (/^\d{12}$/.test(value))
    return isPlaceholderAccountId(value)
      ? `'${value}' is a placeholder account id; expected the 12-digit id of the account to deploy to`
      : undefined;
  const account = (value.match(/(?<!\d)\d{12}(?!\d)/g) ?? []).find(isPlaceholderAccountId);
  if (account !== undefined) return `'${value}' names the placeholder account ${account}; expected a name or ARN of the real account`;
  const at = value.lastIndexOf('@');
  if (at > 0 && RESERVED_MAIL_DOMAIN.test(value.slice(at + 1)))
    return `'${value}' is at a reserved example domain; expected an address that reaches the on-call team`;
  if (CIDR.test(value) && isDocumentationRange(value))
    return `'${value}' is a documentation range (RFC 5737/3849); expected a real network`;
  return undefined;
}

/**
 * Every placeholder still in a deployable environment, one message per field, each
 * naming the field (`<at>.accountId`, `<at>.alertEmails[0]`, `<at>.opensearch.masterUserArn`)
 * and what to put there. Every string of the environment is looked at, so a field added
 * later is covered too. The GitHub repository is global (config/ci.ts) and is reported
 * under its own name.
 */
export function placeholderProblems(env: unknown, at: string, githubRepository: string): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, path: readonly (string | number)[]): void => {
    if (typeof value === 'string') {
      const problem = placeholderIn(value);
      if (problem !== undefined) problems.push(`${fieldPath(at, path)}: ${problem}`);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(env, []);
  if (PLACEHOLDER_REPOSITORIES.includes(githubRepository)) {
    problems.push(`config/ci.ts GITHUB_REPOSITORY: '${githubRepository}' is the placeholder repository; expected the real <owner>/<name>`);
  }
  return problems;
}
