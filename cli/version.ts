import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The project's version, from package.json, for every CLI's `--version`. */
export function projectVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
