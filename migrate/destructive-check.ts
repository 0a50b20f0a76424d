import { DestructiveStatementError } from './errors';
import type { GuardStatement } from './guard-parser';
import type { TableFacts } from './query-engine';

/** Terraform owns these (architecture.md): migrations never create, alter, repair, write or drop them. */
export function isTerraformOwned(table: string): boolean {
  return table.endsWith('_processed');
}

/**
 * Decides one statement. DDL or DML naming a Terraform-owned table is refused
 * always: exactly one side owns each table. A statement that loses or hides
 * data is refused unless `allowed` (the run's `--allow-destructive` names its
 * file or statement); DROP TABLE only when the table is Iceberg (Athena deletes
 * its data) or holds objects. `facts` describe the table in the database the
 * statement names (its own qualifier, else the target's).
 *
 * Returns true when the statement is destructive and was allowed, so the
 * history can record that the permission was used.
 */
export function checkStatement(
  statement: GuardStatement,
  facts: TableFacts | undefined,
  allowed: boolean,
  where: string,
  allowHint: string,
): boolean {
  const table = statement.table;
  const shown = table === undefined ? '' : `${table.database === undefined ? '' : `${table.database}.`}${table.table}`;
  if (table !== undefined && isTerraformOwned(table.table)) {
    throw new DestructiveStatementError(
      `${where}: ${shown} is owned by Terraform (processed tables); migrations must not create, alter, repair, write or drop it (${statement.action})`,
    );
  }
  const renamed = statement.renamedTo;
  if (renamed !== undefined && isTerraformOwned(renamed.table)) {
    const name = `${renamed.database === undefined ? '' : `${renamed.database}.`}${renamed.table}`;
    throw new DestructiveStatementError(
      `${where}: ${name} is owned by Terraform (processed tables); migrations must not create, alter, repair, write or drop it (${statement.action})`,
    );
  }
  let reason: string | undefined;
  if (statement.destructive === 'always') {
    reason = [statement.action, statement.database ?? shown, statement.reason ?? ''].filter((part) => part !== '').join(' ');
  } else if (statement.destructive === 'if-data' && facts?.exists) {
    if (facts.iceberg) reason = `${statement.action} ${shown} is an Iceberg table, and dropping it deletes its data`;
    else if (facts.hasData) reason = `${statement.action} ${shown} has data under its location`;
  }
  if (reason === undefined) return false;
  if (allowed) return true;
  throw new DestructiveStatementError(`${where}: ${reason.trim()}; ${allowHint}`);
}
