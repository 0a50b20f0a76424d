import { PARTITION_COLUMN, PARTITION_FORMAT_JAVA } from '../../datasets/naming';

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
