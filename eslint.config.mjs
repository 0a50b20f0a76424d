import tseslint from 'typescript-eslint';
import { importBoundariesRule } from './scripts/eslint/import-boundaries-rule.mjs';

// The provider's package root eagerly loads ~2,200 namespaces: 2.5 s instead of
// 0.16 s for a small synth, and 600 MB instead of 77 MB to type-check.
const DEEP_PROVIDER_IMPORTS = { name: '@cdktf/provider-aws', message: 'Import by deep path, e.g. @cdktf/provider-aws/lib/s3-bucket.' };
/** The same rule for require(), import() and `typeof import()`, which no-restricted-imports does not see. */
const DEEP_PROVIDER_LOADS = {
  selector:
    ":matches(CallExpression[callee.name='require'][arguments.0.value='@cdktf/provider-aws'], ImportExpression[source.value='@cdktf/provider-aws'], TSImportType[argument.literal.value='@cdktf/provider-aws'])",
  message: DEEP_PROVIDER_IMPORTS.message,
};

const INFRA =
  'stacks/ is the infrastructure code: what runs or operates the pipeline must not depend on it. Move what both need into config/, aws/ or datasets/.';
const LAMBDA =
  'producers/ feed the pipeline from outside: they must not depend on the Lambda code in functions/. Move what both need into config/, aws/ or datasets/.';

/**
 * Import boundaries between the top-level folders (docs/architecture.md, "Layout").
 * Every one of them may import config/, aws/, datasets/ and cli/, which import none of them. Checked by the
 * `boundaries/layer-imports` rule (scripts/eslint/import-boundaries-rule.mjs): the
 * specifier is resolved, so any spelling of the path counts, and type-only imports,
 * re-exports, `require()` and `import()` count too.
 */
const SHARED =
  'config/, aws/, datasets/ and cli/ are what every folder may import: they must not depend on any of those folders (that would make cycles). Move what both need here instead.';
const AREAS = ['stacks', 'functions', 'ops', 'migrate', 'local', 'producers', 'replay', 'query', 'capacity', 'scripts', 'bench', 'main'];

const BOUNDARIES = [
  ...['config', 'aws', 'datasets', 'cli'].map((folder) => ({
    folder,
    forbidden: AREAS.map((area) => ({ folder: area, message: SHARED })),
  })),
  { folder: 'ops', forbidden: [{ folder: 'stacks', message: INFRA }] },
  { folder: 'functions', forbidden: [{ folder: 'stacks', message: INFRA }] },
  { folder: 'migrate', forbidden: [{ folder: 'stacks', message: INFRA }] },
  { folder: 'local', forbidden: [{ folder: 'stacks', message: INFRA }] },
  { folder: 'replay', forbidden: [{ folder: 'stacks', message: INFRA }] },
  { folder: 'query', forbidden: [{ folder: 'stacks', message: INFRA }] },
  { folder: 'capacity', forbidden: [{ folder: 'stacks', message: INFRA }] },
  {
    folder: 'producers',
    forbidden: [
      { folder: 'stacks', message: INFRA },
      { folder: 'functions', message: LAMBDA },
    ],
  },
];
/** The built-in errors a construct must not raise as they are: the user gets no type to catch and no list of problems. */
const BARE_ERRORS = '/^(Error|TypeError|RangeError)$/';

const boundaries = { rules: { 'layer-imports': importBoundariesRule(import.meta.dirname) } };

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', '.local/**', '.gen/**', 'coverage/**', 'dist/**', '.tf-check/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-restricted-imports': ['error', { paths: [DEEP_PROVIDER_IMPORTS] }],
      'no-restricted-syntax': ['error', DEEP_PROVIDER_LOADS],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  ...BOUNDARIES.map(({ folder, forbidden }) => ({
    files: [`${folder}/**/*.ts`],
    plugins: { boundaries },
    rules: { 'boundaries/layer-imports': ['error', forbidden] },
  })),
  {
    // Issue 20 item 5: the local run is one function per stage over a run context; keep it so.
    files: ['local/run-local.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Constructs report invalid props through PropsCheck (stacks/props-error.ts): every
    // problem at once, in one typed error. A files-scoped block replaces the rule's options
    // for these files, so DEEP_PROVIDER_LOADS of the block above is repeated here.
    files: ['stacks/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        DEEP_PROVIDER_LOADS,
        {
          // Made anywhere (thrown later, rejected, `Error()` without new, through globalThis), not only in a throw statement.
          selector: `:matches(NewExpression, CallExpression):matches([callee.name=${BARE_ERRORS}], [callee.type='MemberExpression'][callee.object.name='globalThis'][callee.property.name=${BARE_ERRORS}])`,
          message:
            'No bare Error in stacks/: gather props problems with PropsCheck (stacks/props-error.ts) and throw once, or throw a named error class.',
        },
      ],
    },
  },
  {
    // The stack's constructor reads as a list of named steps (issue 20).
    files: ['stacks/pipeline-stack.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
);
