/** Defaults of HardenedBucket. */
export const HARDENED_BUCKET_DEFAULTS = {
  /** A week: an upload still unfinished after that is abandoned, and its parts are billed until aborted. */
  abortIncompleteMultipartUploadDays: 7,
  /** Objects are data: a destroy fails on a non-empty bucket unless the environment says otherwise. */
  forceDestroy: false,
} as const;
