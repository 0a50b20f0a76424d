import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { signSigV4 } from '../../functions/shared/sigv4';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session' };
const date = new Date('2026-11-24T10:00:00.000Z');

/** The SDK's signer on the same request: the reference our small signer must match. */
async function reference(service: string, url: URL, headers: Record<string, string>, body: string): Promise<string> {
  const signer = new SignatureV4({ service, region: 'eu-west-1', credentials, sha256: Sha256, uriEscapePath: service !== 's3', applyChecksum: service === 's3' });
  const signed = await signer.sign(
    { method: service === 's3' ? 'PUT' : 'POST', protocol: url.protocol, hostname: url.hostname, path: url.pathname, query: {}, headers: { ...headers, host: url.host }, body },
    { signingDate: date },
  );
  return String(signed.headers.authorization);
}

describe('Function: signSigV4', () => {
  it.each([
    ['firehose', 'https://firehose.eu-west-1.amazonaws.com/', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.PutRecordBatch' }],
    ['s3', 'https://b.s3.eu-west-1.amazonaws.com/invalid/access-logs/dt%3D2026-11-24/shard-1-ab.json', { 'content-type': 'application/x-ndjson' }],
  ])('matches @smithy/signature-v4 for %s', async (service, address, headers) => {
    // Prepare
    const url = new URL(address);
    const body = '{"DeliveryStreamName":"s","Records":[{"Data":"e30K"}]}';
    // Act
    const ours = signSigV4({ method: service === 's3' ? 'PUT' : 'POST', url, headers, body }, { service, region: 'eu-west-1', credentials, date });
    // Assess
    expect(ours.authorization).toBe(await reference(service, url, headers, body));
    expect(ours['x-amz-date']).toBe('20261124T100000Z');
    expect(ours['x-amz-security-token']).toBe('session');
  });
});
