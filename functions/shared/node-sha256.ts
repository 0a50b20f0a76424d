import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { Checksum, SourceData } from '@smithy/types';

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/**
 * SHA-256 / HMAC-SHA-256 on node:crypto for @smithy/signature-v4. The SDK's own
 * adapter (@smithy/hash-node) is not a dependency here, and @aws-crypto/sha256-js
 * is pure JavaScript: much slower on multi-megabyte PutRecordBatch bodies.
 */
export class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;

  public constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  public update(data: Uint8Array): void {
    this.hash.update(toBuffer(data));
  }

  public digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }

  public reset(): void {
    this.hash = this.create();
  }

  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
}
