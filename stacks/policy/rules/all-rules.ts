import type { PolicyRule } from '../policy-rule';
import { BUCKET_RULES } from './bucket-rules';
import { ENCRYPTION_RULES } from './encryption-rules';
import { IAM_RULES } from './iam-rules';
import { SERVICE_RULES } from './service-rules';
import { STREAM_RULES } from './stream-rules';
import { TERRAFORM_RULES } from './terraform-rules';

/** Every rule the policy Aspect applies, in report order. */
export const POLICY_RULES: readonly PolicyRule[] = [
  ...ENCRYPTION_RULES,
  ...BUCKET_RULES,
  ...IAM_RULES,
  ...STREAM_RULES,
  ...SERVICE_RULES,
  ...TERRAFORM_RULES,
];
