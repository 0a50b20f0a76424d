import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hclFmtProblems } from '../../scripts/tf-check/hcl-fmt-check';
import { locateTerraform } from '../../scripts/tf-check/terraform-binary';

describe('hclFmtProblems (real terraform fmt -check)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fmt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, TF_CLI_CONFIG_FILE: join(__dirname, '..', '..', 'scripts', 'empty-cli-config.tfrc') };

  it('passes fmt-clean HCL and names the file that is not', async () => {
    // Prepare
    const terraform = locateTerraform(process.env);
    if (terraform === undefined) throw new Error('no terraform binary: npm test needs Terraform >= 1.11 (see README)');
    mkdirSync(join(dir, 'stacks', 'a'), { recursive: true });
    writeFileSync(join(dir, 'stacks', 'a', 'cdk.tf'), 'resource "aws_sns_topic" "t" {\n  name = "x"\n}\n');

    // Act + Assess
    expect(await hclFmtProblems(terraform, dir, env)).toEqual([]);
    writeFileSync(join(dir, 'stacks', 'a', 'cdk.tf'), 'resource "aws_sns_topic" "t" {\n  name      = "x"\n  fifo_topic = false\n}\n');
    const problems = await hclFmtProblems(terraform, dir, env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(join(dir, 'stacks', 'a', 'cdk.tf'));
    expect(problems[0]).toContain('is not fmt-clean');
  });

  it('names the file by its absolute path wherever the checkout lives (terraform prints it relative to its cwd)', async () => {
    // Prepare: the HCL folder next to the working directory, as /tmp/<fresh clone> and /tmp/fmt-x are
    const terraform = locateTerraform(process.env);
    if (terraform === undefined) throw new Error('no terraform binary: npm test needs Terraform >= 1.11 (see README)');
    const parent = mkdtempSync(join(tmpdir(), 'fmt-parent-'));
    const hcl = join(parent, 'hcl');
    mkdirSync(join(parent, 'checkout'));
    mkdirSync(hcl);
    writeFileSync(join(hcl, 'cdk.tf'), 'resource "aws_sns_topic" "t" {\n  name      = "x"\n  fifo_topic = false\n}\n');
    const cwd = process.cwd();
    try {
      process.chdir(join(parent, 'checkout'));

      // Act
      const problems = await hclFmtProblems(terraform, hcl, env);

      // Assess
      expect(problems).toEqual([`the HCL output is not fmt-clean (${join(hcl, 'cdk.tf')}); npm run synth formats it with terraform fmt`]);
    } finally {
      process.chdir(cwd);
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
