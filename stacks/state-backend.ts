import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from '../config/environment';
import { stateKeyAliasArn } from '../config/resource-names';

/**
 * Local state by default so synth and plan work offline; the S3 backend for
 * shared environments, locked with S3's native lock file (Terraform >= 1.11).
 * cdktf's S3Backend has no `use_lockfile` option, hence the override.
 *
 * `encrypt = true` alone makes Terraform send `x-amz-server-side-encryption: AES256`
 * on every state and lock upload, which overrides the bucket's SSE-KMS default: anyone
 * with `s3:GetObject` could then read the state. Naming the bootstrap's state key (by
 * its alias ARN, known from config) makes Terraform send `aws:kms` with that key, and
 * the state bucket's policy refuses any other upload.
 */
export function configureBackend(stack: TerraformStack, env: EnvironmentConfig): void {
  if (env.backend.kind === 'local') {
    new LocalBackend(stack, { path: `terraform.${env.name}.tfstate` });
    return;
  }
  new S3Backend(stack, {
    bucket: env.backend.bucket,
    key: env.backend.key ?? `${env.name}/terraform.tfstate`,
    region: env.region,
    encrypt: true,
    kmsKeyId: stateKeyAliasArn(env, env.backend.bucket),
  });
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
