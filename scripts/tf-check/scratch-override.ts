import { AWS_PROVIDER } from './tf-check-defaults';

export interface OverrideOptions {
  /** Pins hashicorp/aws to this version (the mirror's); undefined keeps the stacks' pin (registry install). */
  readonly providerVersion?: string;
  /** `endpoints` of the aws provider pointed at loopback stubs. */
  readonly endpoints?: Readonly<Record<string, string>>;
}

/**
 * The `*_override.tf.json` written into each scratch copy only, never into cdktf.out: a local
 * backend, fake static credentials, the provider's skip flags, `allowed_account_ids` lifted
 * (the fake credentials belong to no account), and the stubs' endpoints.
 */
export function scratchOverride(options: OverrideOptions): Record<string, unknown> {
  const provider: Record<string, unknown> = {
    access_key: 'tf-check-fake-access-key',
    secret_key: 'tf-check-fake-secret-key',
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    allowed_account_ids: null,
  };
  if (options.endpoints && Object.keys(options.endpoints).length > 0) provider.endpoints = [{ ...options.endpoints }];
  const terraform: Record<string, unknown> = { backend: { local: { path: 'terraform.tfstate' } } };
  if (options.providerVersion !== undefined) {
    terraform.required_providers = {
      [AWS_PROVIDER.type]: { source: `${AWS_PROVIDER.namespace}/${AWS_PROVIDER.type}`, version: options.providerVersion },
    };
  }
  return { terraform, provider: { [AWS_PROVIDER.type]: [provider] } };
}
