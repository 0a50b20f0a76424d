import { DELIVERY_BUFFERING_DEFAULTS } from '../../config/delivery-defaults';

/** Defaults of SearchDeliveryStream. */
export const SEARCH_DELIVERY_STREAM_DEFAULTS = {
  /** A minute: documents become searchable soon after they arrive. */
  bufferingIntervalSeconds: DELIVERY_BUFFERING_DEFAULTS.search.intervalSeconds,
  /** 5 MiB bulk requests, the size OpenSearch handles comfortably per request. */
  bufferingSizeMb: DELIVERY_BUFFERING_DEFAULTS.search.sizeMb,
  /** Five minutes of retries ride out a domain's blue/green update before documents go to the backup bucket. */
  retryDurationSeconds: 300,
  /** A month of delivery-error logs. */
  logRetentionDays: 30,
} as const;
