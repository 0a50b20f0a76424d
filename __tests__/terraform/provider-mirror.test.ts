import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProviderMirror, mirrorCliConfig, mirrorVersions } from '../../scripts/tf-check/provider-mirror';

const PLATFORM = 'linux_amd64';

function mirror(root: string, version: string, platform = PLATFORM): string {
  const dir = join(root, 'registry.terraform.io', 'hashicorp', 'aws', version, platform);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `terraform-provider-aws_v${version}_x5`), '');
  return root;
}

describe('findProviderMirror', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'mirror-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const search = (env: NodeJS.ProcessEnv, roots: string[] = []) =>
    findProviderMirror({
      env: { XDG_DATA_DIRS: join(base, 'xdg'), ...env },
      home: join(base, 'home'),
      platform: PLATFORM,
      searchRoots: roots,
      maxDepth: 3,
    });

  it('takes TF_PLUGIN_MIRROR first, and lists its versions newest first', () => {
    // Prepare
    const explicit = mirror(mirror(join(base, 'explicit'), '5.100.0'), '6.25.0');
    mirror(join(base, 'home', '.terraform.d', 'plugin-cache'), '6.0.0');

    // Act
    const found = search({ TF_PLUGIN_MIRROR: explicit });

    // Assess
    expect(found).toEqual({ dir: explicit, versions: ['6.25.0', '5.100.0'], source: 'TF_PLUGIN_MIRROR' });
  });

  it('refuses a TF_PLUGIN_MIRROR without the provider (usage error naming the layout)', () => {
    mkdirSync(join(base, 'empty'));
    expect(() => search({ TF_PLUGIN_MIRROR: join(base, 'empty') })).toThrow(
      /TF_PLUGIN_MIRROR=.*empty holds no registry.terraform.io\/hashicorp\/aws for linux_amd64/,
    );
  });

  it('then the plugin cache, then the conventional plugin directories', () => {
    // Prepare
    const conventional = mirror(join(base, 'home', '.terraform.d', 'plugins'), '5.1.0');

    // Act + Assess
    expect(search({})).toMatchObject({ dir: conventional, source: 'conventional directory' });
    const cache = mirror(join(base, 'cache'), '5.2.0');
    expect(search({ TF_PLUGIN_CACHE_DIR: cache })).toMatchObject({ dir: cache, source: 'plugin cache' });
  });

  it('last, searches the prefixes down to the depth bound only, ignoring other platforms', () => {
    // Prepare
    mirror(join(base, 'opt', 'a', 'b', 'c', 'too-deep'), '5.100.0');
    mirror(join(base, 'opt', 'other-platform'), '5.100.0', 'darwin_arm64');
    const shallow = mirror(join(base, 'usr', 'tf-plugins'), '5.100.0');

    // Act + Assess
    expect(search({}, [join(base, 'opt')])).toBeUndefined();
    expect(search({}, [join(base, 'opt'), join(base, 'usr')])).toEqual({ dir: shallow, versions: ['5.100.0'], source: 'search' });
  });

  it('reads the packed layout too', () => {
    const dir = join(base, 'packed', 'registry.terraform.io', 'hashicorp', 'aws');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'terraform-provider-aws_5.99.0_linux_amd64.zip'), '');
    expect(mirrorVersions(join(base, 'packed'), PLATFORM)).toEqual(['5.99.0']);
  });

  it('writes a CLI config that installs hashicorp providers from the mirror only', () => {
    const config = mirrorCliConfig({ dir: '/opt/tf-plugins', versions: ['5.100.0'], source: 'search' }, '/cache');
    expect(config).toContain('filesystem_mirror {\n    path    = "/opt/tf-plugins"\n    include = ["registry.terraform.io/hashicorp/*"]');
    expect(config).not.toContain('direct');
    expect(config).not.toContain('plugin_cache_dir');
    // Without a mirror: the registry, downloaded once into the cache.
    const registry = mirrorCliConfig(undefined, '/work/.tf-check/plugin-cache');
    expect(registry).not.toContain('provider_installation');
    expect(registry).toContain('plugin_cache_dir = "/work/.tf-check/plugin-cache"');
  });
});
