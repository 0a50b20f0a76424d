import { dirname, relative, resolve, sep } from 'node:path';

/**
 * ESLint rule: a file may not reach the top-level folders its options forbid, however the
 * path is spelt and however the module is loaded. `no-restricted-imports` matched the
 * import text and saw only import and export declarations, so `./../stacks/x`,
 * `../local/../stacks/x`, `require('../stacks/x')`, `import('../stacks/x')` and
 * `typeof import('../stacks/x')` all passed it. Here the specifier is resolved against the
 * file, and every form that names a module is checked.
 *
 * Options: `[{ folder, message }]`, a folder relative to the repository root.
 */

/** The text of a string known at lint time (a literal, or a template without expressions). */
function literalText(node) {
  if (node === null || node === undefined) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** @param {string} root the repository root, against which folders are named */
export function importBoundariesRule(root) {
  return {
    meta: {
      type: 'problem',
      docs: { description: 'Forbids imports from a folder into the top-level folders given (docs/architecture.md, "Import boundaries").' },
      schema: [
        {
          type: 'array',
          items: {
            type: 'object',
            properties: { folder: { type: 'string' }, message: { type: 'string' } },
            required: ['folder', 'message'],
            additionalProperties: false,
          },
        },
      ],
      messages: { into: "'{{specifier}}' reaches {{folder}}/. {{message}}" },
    },
    create(context) {
      const forbidden = context.options[0] ?? [];
      const check = (source) => {
        const specifier = literalText(source);
        // Package names (`@aws-sdk/...`) are not folders of this repository.
        if (specifier === undefined || !(specifier.startsWith('.') || specifier.startsWith('/'))) return;
        const top = relative(root, resolve(dirname(context.filename), specifier)).split(sep)[0];
        const rule = forbidden.find((f) => f.folder === top);
        if (rule !== undefined)
          context.report({ node: source, messageId: 'into', data: { specifier, folder: rule.folder, message: rule.message } });
      };
      return {
        ImportDeclaration: (node) => check(node.source),
        ExportNamedDeclaration: (node) => check(node.source),
        ExportAllDeclaration: (node) => check(node.source),
        ImportExpression: (node) => check(node.source),
        TSImportEqualsDeclaration: (node) => {
          if (node.moduleReference.type === 'TSExternalModuleReference') check(node.moduleReference.expression);
        },
        // `typeof import('x')` and `import('x').T` in a type.
        TSImportType: (node) => check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
        "CallExpression[callee.type='Identifier'][callee.name='require']": (node) => check(node.arguments[0]),
      };
    },
  };
}
