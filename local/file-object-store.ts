import type { ObjectStoreApi } from '../functions/processor/ports';
import type { LocalLake } from './local-lake';

/** The processor's S3 port over the local lake: `putObject` writes `<dataDir>/s3/<bucket>/<key>`. */
export class FileObjectStore implements ObjectStoreApi {
  public constructor(private readonly lake: LocalLake) {}

  public async putObject(bucket: string, key: string, body: string): Promise<void> {
    await this.lake.putObject(bucket, key, body);
  }
}
