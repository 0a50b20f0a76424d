import { isIPv4, isIPv6 } from 'node:net';

/**
 * Canonical text of an IPv4 or IPv6 address, or null when it is neither.
 * IPv6 goes through the WHATWG URL host serializer, which is RFC 5952 form
 * (lower case, no leading zeros, longest zero run as `::`); embedded IPv4
 * (`::ffff:1.2.3.4`) comes out in hex (`::ffff:102:304`). Zone ids are rejected.
 */
export function canonicalIp(text: string): string | null {
  if (isIPv4(text)) return text;
  if (!isIPv6(text) || text.includes('%')) return null;
  try {
    const host = new URL(`http://[${text}]/`).hostname;
    return host.slice(1, -1);
  } catch {
    return null;
  }
}
