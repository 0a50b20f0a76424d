import { unquoteReferences } from '../../scripts/tf-check/hcl-references';

describe('unquoteReferences (deprecated quoted references in the HCL output)', () => {
  it('unquotes depends_on and ignore_changes entries, nothing else', () => {
    // Prepare
    const hcl = [
      'resource "aws_s3_bucket_lifecycle_configuration" "l" {',
      '  bucket = "aws_s3_bucket.not_a_list_entry"',
      '  depends_on = [',
      '    "aws_s3_bucket_versioning.v",',
      '    "data.aws_iam_policy_document.d",',
      '  ]',
      '  lifecycle {',
      '    ignore_changes = [',
      '      "secret_string",',
      '    ]',
      '  }',
      '  tags = ["aws_s3_bucket.x"]',
      '}',
      'resource "x" "y" {',
      '  depends_on = ["aws_sns_topic.t", "aws_kms_key.k"]',
      '}',
    ].join('\n');

    // Act
    const { text, count } = unquoteReferences(hcl);

    // Assess
    expect(count).toBe(5);
    expect(text).toContain('    aws_s3_bucket_versioning.v,');
    expect(text).toContain('    data.aws_iam_policy_document.d,');
    expect(text).toContain('      secret_string,');
    expect(text).toContain('  depends_on = [aws_sns_topic.t, aws_kms_key.k]');
    expect(text).toContain('  bucket = "aws_s3_bucket.not_a_list_entry"');
    expect(text).toContain('  tags = ["aws_s3_bucket.x"]');
    expect(unquoteReferences(text).count).toBe(0);
  });

  it('refuses an entry that is not a reference, naming the line', () => {
    expect(() => unquoteReferences('a {\n  depends_on = [\n    "${aws_x.y}",\n  ]\n}', 'cdk.tf')).toThrow(
      'cdk.tf:3: unexpected entry in a depends_on/ignore_changes list',
    );
  });
});
