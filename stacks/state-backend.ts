import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from '../config/environment';

/**
 * Local state by default so synth and plan work offline; the S3 backend for
 * shared environments, locked with S3's native lock file (Terraform >= 1.11).
 * cdktf's S3Backend has no `use_lockfile` option, hence the override.
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
  });
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
