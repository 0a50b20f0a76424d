import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { zipSync } from 'fflate';
import { AssetError } from '../asset-error';

export interface LambdaBundle {
  /** Path of the deterministic zip on disk. */
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip: Lambda's `source_code_hash`. */
  readonly sourceCodeHash: string;
  /** Size of the minified JavaScript, in bytes. */
  readonly bundleBytes: number;
}

export interface BundleOptions {
  /** Entry file, relative to the project root. */
  readonly entry: string;
  /** Project root. @default the repository root */
  readonly root?: string;
  /** Where zips are written. @default `<root>/.gen/lambda` */
  readonly outDir?: string;
}

/** The nearest folder with a package.json: right from the sources and from the compiled app alike. */
function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new AssetError(`bundleLambda: no package.json above ${from}`);
  }
}
// DOS timestamps in zips are local time: building the date from local fields gives
// the same bytes in every time zone. 1980-01-01 is the earliest DOS date.
const FIXED_ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);
const cache = new Map<string, LambdaBundle>();

/** Package entry points esbuild prefers, in order (see bundleLambda). */
export const LAMBDA_MAIN_FIELDS = ['module', 'main'];

/**
 * Bundles a handler with esbuild (minified, tree-shaken, CommonJS for the Node
 * runtime; dependencies such as the pinned AWS SDK are bundled, never taken from the runtime) into a zip whose bytes depend only on the code, so `source_code_hash`
 * changes only when the code does and plans stay quiet otherwise. Memoized: every
 * stack in one synth shares one build.
 */
export function bundleLambda(options: BundleOptions): LambdaBundle {
  const root = options.root ?? projectRoot();
  const outDir = options.outDir ?? join(root, '.gen', 'lambda');
  const key = `${root}\0${options.entry}\0${outDir}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [options.entry],
    bundle: true,
    write: false,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    treeShaking: true,
    // ES module builds first: the AWS SDK's CommonJS builds are one file per package,
    // which esbuild cannot tree-shake (processor: 812 KB with them, ~610 KB without).
    mainFields: LAMBDA_MAIN_FIELDS,
    legalComments: 'none',
    outfile: 'index.js',
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('index.js'));
  if (!js) throw new AssetError(`bundleLambda: esbuild produced no index.js for ${options.entry}`);
  const zip = zipSync({ 'index.js': [js.contents, { mtime: FIXED_ZIP_TIME, level: 9 }] });
  const digest = createHash('sha256').update(zip);
  const sourceCodeHash = digest.copy().digest('base64');
  const shortHash = digest.digest('hex').slice(0, 16);
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `${options.entry.replace(/[^a-zA-Z0-9]+/g, '-')}-${shortHash}.zip`);
  writeFileSync(zipPath, zip);
  const bundle = { zipPath, sourceCodeHash, bundleBytes: js.contents.byteLength };
  cache.set(key, bundle);
  return bundle;
}
