// `npm run synth`'s last step: unquotes the depends_on / ignore_changes references cdktf's HCL
// writer quotes (deprecated in Terraform), then formats the HCL with `terraform fmt` when a
// terraform binary is found. Usage: tsx scripts/format-hcl.ts <hcl output dir>
import { resolve } from 'node:path';
import { formatHclOutput } from './tf-check/format-hcl-output';
import { locateTerraform } from './tf-check/terraform-binary';

const dir = process.argv[2];
if (dir === undefined || process.argv.length > 3) {
  console.error('usage: tsx scripts/format-hcl.ts <hcl output dir>');
  process.exit(2);
}
try {
  const terraform = locateTerraform(process.env);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: resolve(__dirname, 'empty-cli-config.tfrc'), CHECKPOINT_DISABLE: '1' };
  const result = formatHclOutput(dir, terraform, env);
  const fmt = result.formatted
    ? `formatted with ${terraform ?? 'terraform'} fmt`
    : 'not formatted: no terraform binary on PATH (install Terraform >= 1.11 or set TERRAFORM_BINARY_NAME)';
  console.log(`HCL: ${result.files} files, ${result.unquoted} quoted references unquoted, ${fmt}`);
} catch (error) {
  console.error(`format-hcl: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
