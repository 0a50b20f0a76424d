import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';

export interface GlueServiceRoleProps {
  readonly roleName: string;
  readonly accountId: string;
  /** Least-privilege statements for what the crawler or job touches. */
  readonly statements: readonly DataAwsIamPolicyDocumentStatement[];
}

/** An IAM role Glue assumes (only from this account), with one inline policy. */
export class GlueServiceRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: GlueServiceRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['glue.amazonaws.com'] }],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] }],
        },
      ],
    });
    this.role = new IamRole(this, 'role', { name: props.roleName, assumeRolePolicy: trust.json });
    const policy = new DataAwsIamPolicyDocument(this, 'policy', { statement: [...props.statements] });
    new IamRolePolicy(this, 'inline', { role: this.role.name, name: 'least-privilege', policy: policy.json });
  }
}
