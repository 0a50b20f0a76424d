import type { ParsedStatement } from './ddl-parser';
import { DestructiveStatementError } from './errors';
import type { TableFacts } from './query-engine';

/** Terraform owns these (architecture.md): migrations never create, alter or drop them. */
export function isTerraformOwned(table: string): boolean {
  return table.endsWith('_processed');
}

/** The table a statement changes, if any. */
export function targetTable(statement: ParsedStatement): string | undefined {
  switch (statement.kind) {
    case 'createExternalTable':
    case 'addColumns':
    case 'createView':
    case 'dropTable':
    case 'dropView':
    case 'alterTable':
      return statement.name.table;
    default:
      return undefined;
  }
}

/**
 * Refuses a statement that would destroy data unless `allowDestructive`: DROP
 * DATABASE, DROP TABLE of an Iceberg table (Athena deletes its data) or of a
 * table with objects under its location. DDL on a Terraform-owned table is
 * refused always: exactly one side owns each table.
 */
export function checkStatement(statement: ParsedStatement, facts: TableFacts | undefined, allowDestructive: boolean, where: string): void {
  const table = targetTable(statement);
  if (table !== undefined && isTerraformOwned(table)) {
    throw new DestructiveStatementError(`${where}: ${table} is owned by Terraform (processed tables); migrations must not create, alter or drop it`);
  }
  if (allowDestructive) return;
  const hint = 'pass --allow-destructive if this is intended';
  if (statement.kind === 'dropDatabase') {
    throw new DestructiveStatementError(`${where}: DROP DATABASE ${statement.database} drops every table in it; ${hint}`);
  }
  if (statement.kind === 'dropTable' && facts?.exists) {
    if (facts.iceberg) throw new DestructiveStatementError(`${where}: DROP TABLE ${statement.name.table} is an Iceberg table, and dropping it deletes its data; ${hint}`);
    if (facts.hasData) throw new DestructiveStatementError(`${where}: DROP TABLE ${statement.name.table} has data under its location; ${hint}`);
  }
}
