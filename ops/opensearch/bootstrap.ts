import type { DatasetDeclaration } from '../../datasets/dataset';
import { dailyIndexPattern, indexTemplate } from './index-template';
import { RETENTION_POLICY_ID, retentionPolicy } from './retention-policy';
import type { SignedOpenSearchClient } from './signed-client';
import { WRITER_ROLE, writerRole, writerRoleMapping } from './writer-role';

export interface BootstrapInput {
  readonly client: Pick<SignedOpenSearchClient, 'request'>;
  readonly datasets: readonly Pick<DatasetDeclaration, 'name' | 'fields' | 'derivedFields'>[];
  /** Config `opensearch.indexRetentionDays`. */
  readonly indexRetentionDays: number;
  /** IAM roles of the search Firehoses. */
  readonly writerRoleArns: readonly string[];
  /** Replicas per shard: 0 on a single-node domain (a replica could never be assigned). */
  readonly replicas: number;
}

function seqNoOf(body: unknown): { seqNo: number; primaryTerm: number } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { _seq_no: seqNo, _primary_term: primaryTerm } = body as Record<string, unknown>;
  return typeof seqNo === 'number' && typeof primaryTerm === 'number' ? { seqNo, primaryTerm } : undefined;
}

/**
 * Puts what the AWS provider cannot: the ISM retention policy, one index template
 * per dataset, and the writer role with its mapping to the Firehose IAM roles.
 * Every step is an idempotent PUT, so re-running after a change converges.
 * Returns the steps done, in order.
 */
export async function bootstrapOpenSearch(input: BootstrapInput): Promise<string[]> {
  const { client } = input;
  const patterns = input.datasets.map(dailyIndexPattern);
  const done: string[] = [];

  // ISM refuses a blind overwrite: updating needs the current sequence number.
  const policyPath = `/_plugins/_ism/policies/${RETENTION_POLICY_ID}`;
  const existing = await client.request('GET', policyPath, undefined, [200, 404]);
  const version = existing.status === 200 ? seqNoOf(existing.body) : undefined;
  const query = version ? `?if_seq_no=${version.seqNo}&if_primary_term=${version.primaryTerm}` : '';
  await client.request('PUT', `${policyPath}${query}`, retentionPolicy(input.indexRetentionDays, patterns));
  done.push(`ism policy ${RETENTION_POLICY_ID} (${input.indexRetentionDays} days)`);

  for (const dataset of input.datasets) {
    await client.request('PUT', `/_index_template/${dataset.name}`, indexTemplate(dataset, { replicas: input.replicas }));
    done.push(`index template ${dataset.name} (${dailyIndexPattern(dataset)})`);
  }

  await client.request('PUT', `/_plugins/_security/api/roles/${WRITER_ROLE}`, writerRole(patterns));
  await client.request('PUT', `/_plugins/_security/api/rolesmapping/${WRITER_ROLE}`, writerRoleMapping(input.writerRoleArns));
  done.push(`role ${WRITER_ROLE} mapped to ${input.writerRoleArns.length} Firehose role(s)`);
  return done;
}
