import { z } from 'zod';
import { MigrateError } from './errors';
import type { HistoryEntry, SchemaHistory } from './history';

const stateSchema = z.enum(['SUCCEEDED', 'FAILED', 'CANCELLED', 'ERROR']);

// Counts and indexes are checked, not just typed: a hand-edited `statementsDone: -5` made apply resume with
// `slice(-5)`, the last five statements of the file, and status print `-5/1 (resumes at statement -4)`.
const index = z.number().int().nonnegative();
const positive = z.number().int().positive();

const executionSchema = z.object({
  statement: index,
  attempt: positive,
  executionId: z.string(),
  state: stateSchema,
});

const entrySchema = z
  .object({
    version: z.string().nullable(),
    description: z.string(),
    type: z.enum(['versioned', 'repeatable', 'baseline']),
    script: z.string(),
    /** Which run of the script (repeatables run many times); absent in histories written before runs were numbered. */
    run: z.number().int().positive().optional(),
    checksum: z.string(),
    statementChecksums: z.array(z.string()),
    installedBy: z.string(),
    installedOn: z.string(),
    executionMs: z.number(),
    success: z.boolean(),
    statementsTotal: index,
    statementsDone: index,
    attempt: positive,
    executions: z.array(executionSchema),
    error: z
      .object({
        statement: index,
        line: positive,
        message: z.string(),
        executionId: z.string().optional(),
        state: stateSchema.exclude(['SUCCEEDED']).optional(),
      })
      .optional(),
    repairedOn: z.string().optional(),
    destructiveAllowed: z.array(z.object({ statements: z.array(index), by: z.string(), on: z.string() })).optional(),
  })
  .refine((entry) => entry.statementsDone <= entry.statementsTotal, {
    message: 'statementsDone is above statementsTotal',
    path: ['statementsDone'],
  });

const historySchema = z.object({ entries: z.array(entrySchema) });

const lockSchema = z.object({
  owner: z.string(),
  expiresAt: z.string(),
  state: z.enum(['held', 'released']),
  /** When the holder last took or renewed it; absent in locks written before it was recorded. */
  renewedAt: z.string().optional(),
  ttlMs: z.number().optional(),
});

export type LockRecord = z.infer<typeof lockSchema>;

/** Parses stored history JSON; `where` names the table or file in the error. Entries without a run number get their order among the script's entries. */
export function decodeHistory(json: string, where: string): SchemaHistory {
  const runs = new Map<string, number>();
  const entries = decode(historySchema, json, where).entries.map((entry): HistoryEntry => {
    const run = entry.run ?? (runs.get(entry.script) ?? 0) + 1;
    runs.set(entry.script, Math.max(run, runs.get(entry.script) ?? 0));
    return { ...entry, run };
  });
  return { entries };
}

export function encodeHistory(history: SchemaHistory): string {
  return JSON.stringify(history);
}

/** One entry, as a Glue entry table stores it. */
export function decodeEntry(json: string, where: string): HistoryEntry {
  const entry = decode(entrySchema, json, where);
  return { ...entry, run: entry.run ?? 1 };
}

export function encodeEntry(entry: HistoryEntry): string {
  return JSON.stringify(entry);
}

export function decodeLock(json: string, where: string): LockRecord {
  return decode(lockSchema, json, where);
}

function decode<T>(schema: z.ZodType<T>, json: string, where: string): T {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new MigrateError(`${where}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new MigrateError(`${where}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, { cause: result.error });
  }
  return result.data;
}
