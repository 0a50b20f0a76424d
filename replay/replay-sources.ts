import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

/** One object or file to read: `key` names it in the listing (path relative to --from, or the S3 key). */
export interface SourceFile {
  readonly key: string;
  /** Full path or S3 key: where the dataset is read from (`invalid/<dataset>/`). */
  readonly location: string;
  open(): Promise<Readable>;
}

/** `s3://bucket/prefix` or undefined for a local path. */
export function parseS3Prefix(from: string): { readonly bucket: string; readonly prefix: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(from);
  return match === null ? undefined : { bucket: match[1] ?? '', prefix: match[2] ?? '' };
}

/** Files under a local path (or the file itself), sorted, one directory listing at a time. */
export async function* localFiles(path: string): AsyncGenerator<SourceFile> {
  const info = await stat(path);
  if (info.isFile()) {
    yield { key: path, location: resolve(path), open: () => Promise.resolve(createReadStream(path)) };
    return;
  }
  const walk = async function* (dir: string): AsyncGenerator<SourceFile> {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) yield* walk(full);
      else if (entry.isFile() && !entry.name.startsWith('.'))
        yield {
          key: relative(path, full).split(sep).join('/'),
          location: resolve(full).split(sep).join('/'),
          open: () => Promise.resolve(createReadStream(full)),
        };
    }
  };
  yield* walk(path);
}

/** Objects under an S3 prefix, one ListObjectsV2 page at a time; bodies are streamed. */
export async function* s3Files(client: S3Client, bucket: string, prefix: string): AsyncGenerator<SourceFile> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token !== undefined ? { ContinuationToken: token } : {}) }),
    );
    for (const object of page.Contents ?? []) {
      const key = object.Key;
      if (key === undefined || key.endsWith('/')) continue;
      yield {
        key,
        location: key,
        open: async () => {
          const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          if (response.Body === undefined) throw new Error(`s3://${bucket}/${key}: GetObject returned no body`);
          return response.Body as Readable;
        },
      };
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}
