import { isIPv4, isIPv6 } from 'node:net';

const HEX = '0123456789abcdef';

/** Hex value of a character code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/**
 * The eight 16-bit groups of an address `isIPv6` accepted (no zone id), read one
 * character at a time: splitting and parseInt cost more than the URL parser.
 */
function ipv6Groups(text: string): number[] {
  const head: number[] = [];
  const tail: number[] = [];
  let groups = head;
  let value = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 58 /* : */) {
      if (digits > 0) groups.push(value);
      else if (i > 0) groups = tail; // the second colon of `::`
      value = 0;
      digits = 0;
    } else if (code === 46 /* . */) {
      // Embedded IPv4 (checked by isIPv6): its four octets are the last two groups.
      const start = text.lastIndexOf(':') + 1;
      const [a, b, c, d] = text.slice(start).split('.').map(Number) as [number, number, number, number];
      groups.push(a * 256 + b, c * 256 + d);
      digits = 0;
      break;
    } else {
      value = value * 16 + hexValue(code);
      digits++;
    }
  }
  if (digits > 0) groups.push(value);
  const out = head;
  for (let fill = 8 - head.length - tail.length; fill > 0; fill--) out.push(0);
  for (const g of tail) out.push(g);
  return out;
}

function hex(group: number): string {
  if (group < 0x10) return HEX[group] as string;
  if (group < 0x100) return `${HEX[group >> 4]}${HEX[group & 15]}`;
  if (group < 0x1000) return `${HEX[group >> 8]}${HEX[(group >> 4) & 15]}${HEX[group & 15]}`;
  return `${HEX[group >> 12]}${HEX[(group >> 8) & 15]}${HEX[(group >> 4) & 15]}${HEX[group & 15]}`;
}

/** RFC 5952 text: lower-case hex without leading zeros, the longest run of two or more zero groups (the first on ties) as `::`. */
function formatIPv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLength - 1;
      continue;
    }
    if (out.length > 0 && !out.endsWith(':')) out += ':';
    out += hex(groups[i] as number);
  }
  return out;
}

/**
 * Canonical text of an IPv4 or IPv6 address, or null when it is neither.
 * IPv6 comes out in RFC 5952 form (lower case, no leading zeros, longest zero run
 * as `::`), with embedded IPv4 in hex (`::ffff:1.2.3.4` -> `::ffff:102:304`), as
 * the WHATWG URL host serializer writes it (the tests check against it). Zone ids
 * are rejected.
 */
export function canonicalIp(text: string): string | null {
  if (isIPv4(text)) return text;
  if (!isIPv6(text) || text.includes('%')) return null;
  return formatIPv6(ipv6Groups(text));
}
