import { scratchOverride } from '../../scripts/tf-check/scratch-override';

describe('scratchOverride', () => {
  it('sets a local backend, fake credentials, the skip flags, lifts allowed_account_ids, and pins the mirror version', () => {
    expect(scratchOverride({ providerVersion: '5.100.0', endpoints: { secretsmanager: 'http://127.0.0.1:9' } })).toEqual({
      terraform: {
        backend: { local: { path: 'terraform.tfstate' } },
        required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } },
      },
      provider: {
        aws: [
          {
            access_key: 'tf-check-fake-access-key',
            secret_key: 'tf-check-fake-secret-key',
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: true,
            allowed_account_ids: null,
            endpoints: [{ secretsmanager: 'http://127.0.0.1:9' }],
          },
        ],
      },
    });
  });

  it("keeps the stacks' provider pin (registry install) and sets no endpoints when there is no mirror and no stub", () => {
    const override = scratchOverride({}) as { terraform: Record<string, unknown>; provider: { aws: Record<string, unknown>[] } };
    expect(override.terraform.required_providers).toBeUndefined();
    expect(override.provider.aws[0]?.endpoints).toBeUndefined();
  });
});
