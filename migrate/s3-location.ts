import { MigrateError } from './errors';

export interface S3Location {
  readonly bucket: string;
  /** Key prefix without the leading slash; may be empty. */
  readonly prefix: string;
}

/** Splits a table LOCATION `s3://bucket/prefix/`; `what` names the table or statement in the error. */
export function parseS3Location(location: string, what: string): S3Location {
  const match = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!match) throw new MigrateError(`${what}: LOCATION '${location}' is not s3://bucket/prefix/`);
  return { bucket: match[1], prefix: match[2] };
}
