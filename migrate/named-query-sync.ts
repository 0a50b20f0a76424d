import {
  BatchGetNamedQueryCommand,
  CreateNamedQueryCommand,
  DeleteNamedQueryCommand,
  ListNamedQueriesCommand,
  UpdateNamedQueryCommand,
  type AthenaClient,
  type NamedQuery,
} from '@aws-sdk/client-athena';
import { randomUUID } from 'node:crypto';
import { realSleep, type Sleep } from '../aws/retry';
import { RateLimiter } from './rate-limiter';
import { MigrateError } from './errors';
import { resolvePlaceholders } from './placeholders';
import type { SavedQuery } from './saved-queries';
import type { MigrationTarget } from './target';
import { withThrottleRetries } from './throttle-retry';

/** Prefix of the description of every named query this runner owns; others are never touched. */
export const OWNED_MARKER = '[managed by migrate] ';
/** BatchGetNamedQuery accepts at most 50 ids. */
const BATCH_GET_MAX = 50;
const DESCRIPTION_MAX = 1024;

export interface NamedQuerySyncProps {
  readonly athena: AthenaClient;
  readonly target: MigrationTarget;
  readonly queries: readonly SavedQuery[];
  /** Report what would change without changing it. @default false */
  readonly dryRun?: boolean;
  /** Named-query API calls per second (Athena allows about 5). @default 5 */
  readonly callsPerSecond?: number;
  /** @default real timers */
  readonly sleep?: Sleep;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default 8 */
  readonly maxThrottleRetries?: number;
}

export interface NamedQuerySyncResult {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly deleted: readonly string[];
  readonly unchanged: readonly string[];
}

/**
 * Makes the workgroup's owned named queries equal to `sql/queries`: creates the
 * new ones, updates changed ones in place (UpdateNamedQuery), recreates one whose
 * database changed (it cannot be updated) and deletes owned ones whose file is
 * gone. Queries without the owner marker are left alone.
 */
export async function syncNamedQueries(props: NamedQuerySyncProps): Promise<NamedQuerySyncResult> {
  const sleep = props.sleep ?? realSleep;
  const limiter = new RateLimiter(props.callsPerSecond ?? 5, sleep, props.now);
  // Every attempt, retries included, waits for the rate limiter.
  const call = async <T>(fn: () => Promise<T>): Promise<T> =>
    withThrottleRetries(
      async () => {
        await limiter.take();
        return fn();
      },
      { maxRetries: props.maxThrottleRetries ?? 8, sleep, api: 'named-query API' },
    );
  const { athena, target } = props;
  const workgroup = target.workgroup;

  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call(() => athena.send(new ListNamedQueriesCommand({ WorkGroup: workgroup, NextToken: nextToken, MaxResults: 50 })));
    ids.push(...(page.NamedQueryIds ?? []));
    nextToken = page.NextToken;
  } while (nextToken);

  const existing: NamedQuery[] = [];
  for (let i = 0; i < ids.length; i += BATCH_GET_MAX) {
    const chunk = ids.slice(i, i + BATCH_GET_MAX);
    const out = await call(() => athena.send(new BatchGetNamedQueryCommand({ NamedQueryIds: chunk })));
    const unprocessed = out.UnprocessedNamedQueryIds ?? [];
    if (unprocessed.length > 0) {
      const first = unprocessed[0];
      throw new MigrateError(
        `BatchGetNamedQuery could not read ${unprocessed.length} named queries (first: ${first.NamedQueryId ?? '?'}: ${first.ErrorMessage ?? first.ErrorCode ?? 'no reason'}); nothing was changed`,
      );
    }
    existing.push(...(out.NamedQueries ?? []));
  }

  const owned = new Map<string, NamedQuery[]>();
  for (const q of existing) {
    if (!(q.Description ?? '').startsWith(OWNED_MARKER) || q.Name === undefined) continue;
    owned.set(q.Name, [...(owned.get(q.Name) ?? []), q]);
  }

  const result = { created: [] as string[], updated: [] as string[], deleted: [] as string[], unchanged: [] as string[] };
  const dryRun = props.dryRun ?? false;
  const remove = async (q: NamedQuery): Promise<void> => {
    if (!dryRun && q.NamedQueryId) {
      const id = q.NamedQueryId;
      await call(() => athena.send(new DeleteNamedQueryCommand({ NamedQueryId: id })));
    }
  };

  for (const query of props.queries) {
    const sql = resolvePlaceholders(query.sql, target.placeholders, query.file);
    const description = `${OWNED_MARKER}${query.description}`.slice(0, DESCRIPTION_MAX);
    const [current, ...duplicates] = owned.get(query.name) ?? [];
    owned.delete(query.name);
    for (const duplicate of duplicates) await remove(duplicate);
    if (current && current.Database !== target.database) {
      await remove(current);
    } else if (current) {
      if (current.QueryString === sql && current.Description === description) {
        result.unchanged.push(query.name);
        continue;
      }
      if (!dryRun) {
        await call(() =>
          athena.send(
            new UpdateNamedQueryCommand({
              NamedQueryId: current.NamedQueryId,
              Name: query.name,
              Description: description,
              QueryString: sql,
            }),
          ),
        );
      }
      result.updated.push(query.name);
      continue;
    }
    if (!dryRun) {
      // One token per create, reused only by the retries of this call: a token derived from the query would return
      // the earlier query's id after someone deleted it by hand, and nothing would be created.
      const token = randomUUID();
      await call(() =>
        athena.send(
          new CreateNamedQueryCommand({
            Name: query.name,
            Description: description,
            Database: target.database,
            QueryString: sql,
            WorkGroup: workgroup,
            ClientRequestToken: token,
          }),
        ),
      );
    }
    result.created.push(query.name);
  }
  for (const [name, queries] of owned) {
    for (const q of queries) await remove(q);
    result.deleted.push(name);
  }
  return result;
}
