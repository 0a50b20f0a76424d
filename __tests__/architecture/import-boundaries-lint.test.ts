import { join } from 'node:path';
import { ROOT, spawnCommand } from '../support/spawn-command';

interface Sample {
  /** Where the code would sit, relative to the repository root. */
  readonly file: string;
  readonly code: string;
}

/**
 * Lints every sample as if it were that file, with the project's own eslint config, through
 * ESLint's Node API in one child process (the config is ESM; one process keeps it to one load).
 * Returns, per sample, `ruleId: message` of each problem.
 */
async function lint(samples: readonly Sample[]): Promise<string[][]> {
  const script = `
    const { ESLint } = require(${JSON.stringify(join(ROOT, 'node_modules', 'eslint'))});
    const samples = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
      const out = [];
      for (const s of samples) {
        const [result] = await eslint.lintText(s.code, { filePath: ${JSON.stringify(ROOT)} + '/' + s.file });
        out.push(result.messages.map((m) => (m.ruleId ?? 'parse') + ': ' + m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })();
  `;
  const child = await spawnCommand(process.execPath, ['-e', script], { input: JSON.stringify(samples) });
  if (child.code !== 0) throw new Error(`eslint child failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as string[][];
}

/** An import of `specifier` used so that nothing else is reported. */
function importing(specifier: string, typeOnly = false): string {
  return typeOnly
    ? `import type { X } from '${specifier}';\nexport type Y = X;\n`
    : `import { x } from '${specifier}';\nexport const y = x;\n`;
}

const INTO_STACKS = /^boundaries\/layer-imports: '[\w./-]+' reaches stacks\/\. stacks\/ is the infrastructure code/;
const FROM_SHARED =
  /^boundaries\/layer-imports: '[\w./-]+' reaches [a-z]+\/\. config\/, aws\/, datasets\/ and cli\/ are what every folder may import/;
const INTO_FUNCTIONS = /^boundaries\/layer-imports: '[\w./-]+' reaches functions\/\. producers\/ feed the pipeline from outside/;

describe('Lint rule: import boundaries between the top-level folders', () => {
  const forbidden: readonly (Sample & { readonly expected: RegExp })[] = [
    { file: 'ops/x.ts', code: importing('../stacks/compose'), expected: INTO_STACKS },
    { file: 'ops/opensearch/x.ts', code: importing('../../stacks/search/search-domain', true), expected: INTO_STACKS },
    { file: 'functions/processor/x.ts', code: importing('../../stacks/ingest/lambda-bundle'), expected: INTO_STACKS },
    { file: 'migrate/x.ts', code: importing('../stacks/pipeline-stack', true), expected: INTO_STACKS },
    { file: 'local/x.ts', code: importing('../stacks/storage/hardened-bucket'), expected: INTO_STACKS },
    { file: 'local/x.ts', code: "export { x } from '../stacks/compose';\n", expected: INTO_STACKS },
    { file: 'producers/x.ts', code: importing('../stacks/compose'), expected: INTO_STACKS },
    { file: 'replay/x.ts', code: importing('../stacks/compose'), expected: INTO_STACKS },
    { file: 'query/x.ts', code: importing('../stacks/compose', true), expected: INTO_STACKS },
    { file: 'capacity/x.ts', code: importing('../stacks/ingest/lambda-bundle'), expected: INTO_STACKS },
    { file: 'producers/x.ts', code: importing('../functions/processor/errors'), expected: INTO_FUNCTIONS },
    { file: 'producers/x.ts', code: importing('../functions/processor/ports', true), expected: INTO_FUNCTIONS },
    // Other spellings of the path and other ways of loading a module: the specifier is resolved, not matched.
    { file: 'local/x.ts', code: importing('./../stacks/compose'), expected: INTO_STACKS },
    { file: 'local/run/x.ts', code: importing('../../local/../stacks/compose'), expected: INTO_STACKS },
    { file: 'local/x.ts', code: "export * from '../stacks/compose';\n", expected: INTO_STACKS },
    { file: 'ops/x.ts', code: "export const load = () => import('../stacks/compose');\n", expected: INTO_STACKS },
    { file: 'functions/processor/x.ts', code: "export const m: unknown = require('../../stacks/compose');\n", expected: INTO_STACKS },
    { file: 'migrate/x.ts', code: "export type M = typeof import('../stacks/pipeline-stack');\n", expected: INTO_STACKS },
    {
      file: 'producers/x.ts',
      code: "import m = require('../functions/processor/errors');\nexport const n = m;\n",
      expected: INTO_FUNCTIONS,
    },
    // The shared folders import none of the areas that import them.
    { file: 'config/x.ts', code: importing('../stacks/compose', true), expected: FROM_SHARED },
    { file: 'aws/x.ts', code: importing('../functions/processor/ports'), expected: FROM_SHARED },
    { file: 'datasets/x.ts', code: importing('../local/run-local'), expected: FROM_SHARED },
    { file: 'cli/x.ts', code: importing('../migrate/target'), expected: FROM_SHARED },
    { file: 'config/x.ts', code: importing('../main'), expected: FROM_SHARED },
  ];
  const folders = ['ops', 'functions', 'migrate', 'local', 'producers'];
  const allowed: readonly Sample[] = [
    // The shared modules every folder may use: the retry and client-factory modules, config, the datasets.
    ...folders.flatMap((folder) => [
      { file: `${folder}/x.ts`, code: importing('../aws/retry') },
      { file: `${folder}/x.ts`, code: importing('../aws/client-config') },
      { file: `${folder}/x.ts`, code: importing('../config/arns') },
      { file: `${folder}/x.ts`, code: importing('../datasets/registry') },
    ]),
    { file: 'local/x.ts', code: importing('../functions/processor/create-handler') },
    { file: 'local/x.ts', code: "export const load = () => import('../config/arns');\n" },
    { file: 'local/x.ts', code: importing('./stacks-of-records') },
    { file: 'config/x.ts', code: importing('../datasets/registry') },
    { file: 'config/x.ts', code: importing('../cli/cli-errors') },
    { file: 'datasets/x.ts', code: importing('../config/arns') },
    { file: 'stacks/x.ts', code: importing('./ingest/lambda-bundle') },
    { file: 'scripts/x.ts', code: importing('../stacks/compose') },
  ];

  // One child process for all samples: loading the config and parser is most of the cost.
  let forbiddenMessages: string[][] = [];
  let allowedMessages: string[][] = [];
  let deepPathMessages: string[][] = [];
  beforeAll(async () => {
    const deepPath = folders.map((folder) => ({ file: `${folder}/x.ts`, code: importing(['@cdktf', 'provider-aws'].join('/')) }));
    const all = await lint([...forbidden, ...allowed, ...deepPath]);
    [forbiddenMessages, allowedMessages, deepPathMessages] = [
      all.slice(0, forbidden.length),
      all.slice(forbidden.length, forbidden.length + allowed.length),
      all.slice(forbidden.length + allowed.length),
    ];
  });

  it.each(forbidden.map((s, i) => [s.file, s.code.split('\n')[0], i] as const))('rejects, in %s: %s', (_file, _line, i) => {
    // Assess
    expect(forbiddenMessages[i]).toEqual([expect.stringMatching(forbidden[i]?.expected ?? /never/)]);
  });

  it.each(allowed.map((s, i) => [s.file, s.code.split('\n')[0], i] as const))('accepts, in %s: %s', (_file, _line, i) => {
    // Assess
    expect(allowedMessages[i]).toEqual([]);
  });

  it('keeps the deep-path rule for @cdktf/provider-aws inside every bounded folder', () => {
    // Assess
    expect(deepPathMessages).toEqual(
      folders.map(() => [
        "no-restricted-imports: '@cdktf/provider-aws' import is restricted from being used. Import by deep path, e.g. @cdktf/provider-aws/lib/s3-bucket.",
      ]),
    );
  });
});
