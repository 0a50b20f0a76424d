import { perResource, type PolicyRule } from '../policy-rule';
import { isTrue } from '../terraform-model';

const PUBLIC_ACCESS_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

export const s3PublicAccessBlock = perResource(
  'S3-PUBLIC-ACCESS',
  'S3 buckets block all public access',
  'aws_s3_bucket',
  (bucket, model) => {
    const blocks = model.attachedTo(bucket, 'aws_s3_bucket_public_access_block', 'bucket');
    if (blocks.length === 0) return 'bucket has no aws_s3_bucket_public_access_block';
    const off = PUBLIC_ACCESS_FLAGS.filter((flag) => !blocks.some((b) => isTrue(b.attrs[flag])));
    return off.length === 0 ? null : `public access block leaves ${off.join(', ')} off`;
  },
);

export const s3TlsOnly = perResource('S3-TLS-ONLY', 'S3 bucket policies deny requests without TLS', 'aws_s3_bucket', (bucket, model) => {
  const policies = model.attachedTo(bucket, 'aws_s3_bucket_policy', 'bucket');
  const deniesPlainHttp = policies.some((p) =>
    (model.statements(p.attrs.policy) ?? []).some(
      (s) =>
        s.effect === 'Deny' &&
        s.conditions.some((c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.includes('false')),
    ),
  );
  return deniesPlainHttp ? null : 'no bucket policy denies requests with aws:SecureTransport = false';
});

export const BUCKET_RULES: readonly PolicyRule[] = [s3PublicAccessBlock, s3TlsOnly];
