import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { TF_CHECK_EXIT, TfCheckError } from './errors';
import { AWS_PROVIDER, MIRROR_SEARCH } from './tf-check-defaults';
import { compareReleaseVersions, isVersion } from './version';

/** How the mirror was found, in the order tried. */
export type MirrorSource = 'TF_PLUGIN_MIRROR' | 'plugin cache' | 'conventional directory' | 'search';

export interface ProviderMirror {
  /** A directory usable as a `filesystem_mirror` (unpacked or packed layout). */
  readonly dir: string;
  /** hashicorp/aws versions it holds for this platform, newest first. */
  readonly versions: readonly string[];
  readonly source: MirrorSource;
}

export interface MirrorSearchOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly home?: string;
  /** `linux_amd64` style; defaults to this machine. */
  readonly platform?: string;
  /** Prefixes searched last, depth-bounded. */
  readonly searchRoots?: readonly string[];
  readonly maxDepth?: number;
  readonly maxDirectories?: number;
}

export function terraformPlatform(): string {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
  return `${process.platform}_${arch[process.arch] ?? process.arch}`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The hashicorp/aws versions a mirror directory holds for `platform`: unpacked
 * (`<v>/<platform>/terraform-provider-aws*`) or packed (`terraform-provider-aws_<v>_<platform>.zip`).
 */
export function mirrorVersions(dir: string, platform: string): string[] {
  const providerDir = join(dir, AWS_PROVIDER.hostname, AWS_PROVIDER.namespace, AWS_PROVIDER.type);
  const found = new Set<string>();
  for (const entry of list(providerDir)) {
    if (isVersion(entry) && list(join(providerDir, entry, platform)).some((f) => f.startsWith(`terraform-provider-${AWS_PROVIDER.type}`)))
      found.add(entry);
    const packed = new RegExp(`^terraform-provider-${AWS_PROVIDER.type}_(.+)_${platform}\\.zip$`).exec(entry);
    if (packed?.[1] !== undefined && isVersion(packed[1])) found.add(packed[1]);
  }
  return [...found].sort((a, b) => compareReleaseVersions(b, a));
}

function candidate(dir: string, platform: string, source: MirrorSource): ProviderMirror | undefined {
  const versions = mirrorVersions(dir, platform);
  return versions.length > 0 ? { dir: resolve(dir), versions, source } : undefined;
}

/** Conventional plugin directories (Terraform's implied local mirrors), for `home` and the XDG variables. */
export function conventionalDirectories(env: NodeJS.ProcessEnv, home: string): string[] {
  const dataHome = env.XDG_DATA_HOME || join(home, '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter((d) => d !== '');
  return [
    join(home, '.terraform.d', 'plugins'),
    join(dataHome, 'terraform', 'plugins'),
    ...dataDirs.map((d) => join(d, 'terraform', 'plugins')),
  ];
}

/**
 * Breadth-first, at most `maxDepth` levels below each root and `maxDirectories` directories in
 * all, skipping hidden and dependency folders: it never walks the whole file system.
 */
export function searchMirror(
  roots: readonly string[],
  platform: string,
  maxDepth: number,
  maxDirectories: number,
): ProviderMirror | undefined {
  let visited = 0;
  for (const root of roots) {
    let level = isDirectory(root) ? [root] : [];
    for (let depth = 0; depth <= maxDepth && level.length > 0; depth += 1) {
      const next: string[] = [];
      for (const dir of level) {
        visited += 1;
        if (visited > maxDirectories) return undefined;
        if (existsSync(join(dir, AWS_PROVIDER.hostname))) {
          const found = candidate(dir, platform, 'search');
          if (found) return found;
        }
        if (depth < maxDepth) {
          for (const entry of list(dir)) {
            if (entry.startsWith('.') || entry === 'node_modules' || entry === 'proc') continue;
            const child = join(dir, entry);
            if (isDirectory(child)) next.push(child);
          }
        }
      }
      level = next;
    }
  }
  return undefined;
}

/**
 * Finds a local copy of hashicorp/aws: TF_PLUGIN_MIRROR first, then the plugin cache, then the
 * conventional plugin directories, then a depth-bounded search of the usual install prefixes.
 * Undefined when there is none (terraform then installs from the registry).
 * A TF_PLUGIN_MIRROR that holds no provider is a usage error, not a fallback.
 */
export function findProviderMirror(options: MirrorSearchOptions): ProviderMirror | undefined {
  const { env } = options;
  const home = options.home ?? homedir();
  const platform = options.platform ?? terraformPlatform();
  const explicit = env.TF_PLUGIN_MIRROR?.trim();
  if (explicit) {
    const found = candidate(explicit, platform, 'TF_PLUGIN_MIRROR');
    if (!found) {
      throw new TfCheckError(
        `TF_PLUGIN_MIRROR=${explicit} holds no ${AWS_PROVIDER.hostname}/${AWS_PROVIDER.namespace}/${AWS_PROVIDER.type} for ${platform} (expected <dir>/${AWS_PROVIDER.hostname}/${AWS_PROVIDER.namespace}/${AWS_PROVIDER.type}/<version>/${platform}/)`,
        TF_CHECK_EXIT.usage,
      );
    }
    return found;
  }
  const caches = [env.TF_PLUGIN_CACHE_DIR, join(home, '.terraform.d', 'plugin-cache')].filter(
    (d): d is string => typeof d === 'string' && d !== '',
  );
  for (const dir of caches) {
    const found = candidate(dir, platform, 'plugin cache');
    if (found) return found;
  }
  for (const dir of conventionalDirectories(env, home)) {
    const found = candidate(dir, platform, 'conventional directory');
    if (found) return found;
  }
  const roots = options.searchRoots ?? ['/opt', '/usr/local', '/usr/share', '/srv', home];
  return searchMirror(roots, platform, options.maxDepth ?? MIRROR_SEARCH.maxDepth, options.maxDirectories ?? MIRROR_SEARCH.maxDirectories);
}

/** The CLI config that makes terraform install hashicorp providers from the mirror only (no network), or from the registry through a plugin cache. */
export function mirrorCliConfig(mirror: ProviderMirror | undefined, pluginCacheDir: string): string {
  const header = '# Written by tf:check (scripts/tf-check.ts) for its scratch copies; not used elsewhere.\n';
  if (!mirror) {
    // Registry install: download the provider once for all scratch copies (tf:check then inits one at a time).
    return `${header}# No provider mirror found: terraform installs from the registry.\nplugin_cache_dir = ${JSON.stringify(pluginCacheDir)}\n`;
  }
  return (
    header +
    'provider_installation {\n' +
    '  filesystem_mirror {\n' +
    `    path    = ${JSON.stringify(mirror.dir)}\n` +
    `    include = [${JSON.stringify(`${AWS_PROVIDER.hostname}/${AWS_PROVIDER.namespace}/*`)}]\n` +
    '  }\n' +
    '}\n'
  );
}
