import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', '.local/**', '.gen/**', 'coverage/**', 'dist/**', '.tf-check/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // The provider's package root eagerly loads ~2,200 namespaces: 2.5 s instead of
      // 0.16 s for a small synth, and 600 MB instead of 77 MB to type-check.
      'no-restricted-imports': ['error', {
        paths: [{ name: '@cdktf/provider-aws', message: 'Import by deep path, e.g. @cdktf/provider-aws/lib/s3-bucket.' }],
      }],
      // The same rule for require(), which no-restricted-imports does not see.
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.name='require'][arguments.0.value='@cdktf/provider-aws']",
        message: 'Import by deep path, e.g. @cdktf/provider-aws/lib/s3-bucket.',
      }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    // Constructs report invalid props through PropsCheck (stacks/props-error.ts): every
    // problem at once, in one typed error. A files-scoped block replaces the rule's options
    // for these files, so the require() selector of the block above is repeated here.
    files: ['stacks/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.name='require'][arguments.0.value='@cdktf/provider-aws']",
        message: 'Import by deep path, e.g. @cdktf/provider-aws/lib/s3-bucket.',
      }, {
        selector: "ThrowStatement > NewExpression[callee.name='Error']",
        message: 'No bare Error in stacks/: gather props problems with PropsCheck (stacks/props-error.ts) and throw once, or throw a named error class.',
      }],
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
