import type { EnvironmentConfig } from './environment';

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
  return Number(bitsText) >= 32 && !address.startsWith('::') && parseInt(groups[0] || '0', 16) === 0x2001 && parseInt(groups[1] || '0', 16) === 0x0db8;
}

/**
 * Every placeholder still in a deployable environment, one message per field, each
 * naming the field (`<at>.accountId`, `<at>.alertEmails[0]`, ...) and what to put there.
 * The GitHub repository is global (config/ci.ts) and reported with its own name.
 */
export function placeholderProblems(env: EnvironmentConfig, at: string, githubRepository: string): string[] {
  const problems: string[] = [];
  if (isPlaceholderAccountId(env.accountId)) problems.push(`${at}.accountId: '${env.accountId}' is a placeholder account id; expected the 12-digit id of the account to deploy to`);
  env.alertEmails.forEach((email, i) => {
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (RESERVED_MAIL_DOMAIN.test(domain)) problems.push(`${at}.alertEmails[${i}]: '${email}' is at a reserved example domain; expected an address that reaches the on-call team`);
  });
  if (env.backend.kind === 's3') {
    const account = env.backend.bucket.match(/\d{12}/)?.[0];
    if (account !== undefined && isPlaceholderAccountId(account)) {
      problems.push(`${at}.backend.bucket: '${env.backend.bucket}' names the placeholder account ${account}; expected the state bucket of the real account`);
    }
  }
  env.opensearch.dashboardsAllowedCidrs.forEach((cidr, i) => {
    if (isDocumentationRange(cidr)) problems.push(`${at}.opensearch.dashboardsAllowedCidrs[${i}]: '${cidr}' is a documentation range (RFC 5737/3849); expected the office or VPN network`);
  });
  const quicksightAccount = env.quicksight.principalArn?.split(':')[4];
  if (quicksightAccount !== undefined && isPlaceholderAccountId(quicksightAccount)) {
    problems.push(`${at}.quicksight.principalArn: names the placeholder account ${quicksightAccount}; expected a QuickSight user or group of the real account`);
  }
  if (PLACEHOLDER_REPOSITORIES.includes(githubRepository)) {
    problems.push(`config/ci.ts GITHUB_REPOSITORY: '${githubRepository}' is the placeholder repository; expected the real <owner>/<name>`);
  }
  return problems;
}
