import { ArnFormat, Aws, Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';

/**
 * Every log group of the stack encrypted with a key of the stack's own (DESIGN.md, Operations):
 * logs hold masked personal data, receipts name destinations, so none is kept in the clear. The
 * key may be used by CloudWatch Logs only, and only for this account's log groups in this Region
 * (the encryption context CloudWatch Logs sends names the log group). Called once per stack, after
 * its constructs are built; returns the key, or undefined for a stack without a log group.
 */
export function encryptLogGroups(stack: Stack): Key | undefined {
  const groups = stack.node.findAll().filter((construct): construct is CfnLogGroup => construct instanceof CfnLogGroup);
  if (groups.length === 0) return undefined;
  const key = new Key(stack, 'LogsKey', {
    description: `Log groups of ${stack.stackName}`,
    enableKeyRotation: true,
    // Logs encrypted under a deleted key are lost: keep it as long as the log groups.
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
  });
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  for (const group of groups) group.kmsKeyId = key.keyArn;
  return key;
}
