/** Compares dotted numeric versions ("5.100.0" vs "6.20"): negative, 0 or positive. Pre-release suffixes are ignored. */
export function compareReleaseVersions(a: string, b: string): number {
  const parse = (v: string): number[] =>
    v
      .replace(/^v/, '')
      .split(/[-+]/)[0]
      .split('.')
      .map((p) => Number.parseInt(p, 10) || 0);
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function isVersion(value: string): boolean {
  return /^v?\d+(\.\d+)*([-+].*)?$/.test(value);
}
