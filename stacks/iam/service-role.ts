import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from './policy-document';
import { serviceTrustPolicy, type TrustedService } from './service-trust';
import { PropsCheck } from '../props-error';

export interface ServiceRoleProps {
  readonly roleName: string;
  /** Service principal that assumes the role; its documented trust condition comes with it (`SERVICE_TRUST`). */
  readonly service: TrustedService;
  readonly accountId: string;
  readonly description: string;
  /** The role's only permissions. Every statement names its actions and resources. */
  readonly statements: readonly PolicyStatement[];
}

/** One role per component, with one inline least-privilege policy. */
export class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const check = new PropsCheck(`ServiceRole[${id}]`);
    check.expect(props.roleName.length <= 64, 'roleName', `'${props.roleName}' is longer than 64 characters`);
    for (const [index, statement] of props.statements.entries()) {
      const actions = typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
      check.expect(
        !actions.some((a) => a === '*' || a.endsWith(':*')),
        `statements[${index}]`,
        `grants a wildcard action (${actions.join(', ')}); list the actions the component needs`,
      );
    }
    check.throwIfAny();
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: serviceTrustPolicy(props.service, props.accountId),
    });
    this.policy = new IamRolePolicy(this, 'policy', {
      name: 'least-privilege',
      role: this.role.id,
      policy: policyDocument(props.statements),
    });
  }
}
