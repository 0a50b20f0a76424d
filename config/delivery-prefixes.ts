import type { DatasetDeclaration } from '../datasets/dataset';
import { PARTITION_COLUMN, PARTITION_FORMAT_JAVA } from '../datasets/naming';

/**
 * S3 key prefixes the delivery paths write under, above all where what failed goes:
 * the stacks configure them, scope IAM and lifecycle rules by them, and the local run,
 * replay and the runbook read from them, so each is spelled here once.
 */

/** Firehose's arrival-date partition, `dt=YYYY-MM-DD/`, which Athena's date projection describes. */
export const DATE_PARTITION_PREFIX = `${PARTITION_COLUMN}=!{timestamp:${PARTITION_FORMAT_JAVA}}/`;

/** Key prefix of everything the raw and processed Firehoses of one dataset could not deliver or convert. */
export function failedDeliveryPrefix(datasetName: string): string {
  return `errors/${datasetName}/`;
}

/** Firehose error output for one dataset and delivery kind, partitioned the same way. */
export function errorOutputPrefix(datasetName: string, kind: 'raw' | 'processed'): string {
  return `${failedDeliveryPrefix(datasetName)}${kind}/!{firehose:error-output-type}/${DATE_PARTITION_PREFIX}`;
}

/** Key prefix under which the processor writes invalid records in the quarantine bucket. */
export function quarantinePrefix(dataset: Pick<DatasetDeclaration, 'name'>): string {
  return `invalid/${dataset.name}/`;
}

/**
 * Where an event source mapping's S3 on-failure destination writes failed batches:
 * Lambda chooses the prefix (`aws/lambda/<mapping uuid>/<shard>/...`), not us.
 */
export const FAILED_BATCH_PREFIX = 'aws/lambda/';

/** Key prefix of documents OpenSearch rejected, in the backup bucket. */
export function failedDocumentsPrefix(indexName: string): string {
  return `search-failed/${indexName}/`;
}

/** Where the search Firehose puts what it could not even back up (under the documents' prefix). */
export function failedDocumentsErrorPrefix(indexName: string): string {
  return `${failedDocumentsPrefix(indexName)}errors/`;
}
