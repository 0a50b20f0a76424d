import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The top-level folders of the repository: a backticked path that starts with one names a file or folder of ours. */
const TOP_FOLDERS: ReadonlySet<string> = new Set(
  readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !['node_modules', '.git', 'cdktf.out', '.gen', '.local', '.tf-check', 'coverage'].includes(e.name))
    .map((e) => e.name),
);

/**
 * Backticked paths under a top-level folder's name that are not ours, each with why.
 * An entry whose path no doc names any more fails the test (remove it).
 */
const NOT_OURS: Readonly<Record<string, string>> = {
  // The S3 prefix under which Lambda's on-failure destination writes (docs/architecture.md, docs/operations.md).
  'aws/lambda/': 'the on-failure S3 prefix of the event source mappings',
  // The AWS-managed KMS key alias of SNS (docs/operations.md).
  'aws/sns': 'the AWS-managed SNS key alias',
};

/** README.md and docs/*.md, relative to the root. */
function docs(): string[] {
  return [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
}

/** The paths a doc names: relative Markdown link targets, and backticked paths under a top-level folder. */
function namedPaths(doc: string): { link: string[]; backticked: string[] } {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const link = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => normalize(join(dirname(doc), target)));
  const backticked = [...text.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1] ?? '')
    // Placeholders and patterns (`<dataset>`, `*`, `${...}`, `...`) name no one file.
    .filter((p) => p.includes('/') && TOP_FOLDERS.has(p.split('/')[0] ?? '') && !/[<>*{}$|]|\.\.\./.test(p));
  return { link, backticked };
}

describe('Docs: every path a doc names exists', () => {
  it('has no Markdown link to a missing file', () => {
    // Act
    const missing = docs().flatMap((doc) =>
      namedPaths(doc)
        .link.filter((p) => !existsSync(join(ROOT, p)))
        .map((p) => `${doc}: ${p}`),
    );

    // Assess
    expect(missing).toEqual([]);
  });

  it('has no backticked path of ours that is missing (renamed or moved files leave these behind)', () => {
    // Act
    const missing = docs().flatMap((doc) =>
      namedPaths(doc)
        .backticked.filter((p) => NOT_OURS[p] === undefined)
        // A trailing `:12` is a line number; trailing punctuation is the sentence's.
        .filter((p) => !existsSync(join(ROOT, p.replace(/:\d+(-\d+)?$/, '').replace(/[/:.,]+$/, ''))))
        .map((p) => `${doc}: ${p}`),
    );

    // Assess
    expect(missing).toEqual([]);
  });

  it('still needs every NOT_OURS entry', () => {
    // Act
    const named = new Set(docs().flatMap((doc) => namedPaths(doc).backticked));

    // Assess
    expect(Object.keys(NOT_OURS).filter((p) => !named.has(p))).toEqual([]);
  });
});
