import { Validations } from 'aws-cdk-lib';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';

/**
 * The two cdk-nag findings a pool without Plus and without required MFA raises, acknowledged on the
 * pool's own resource with the pool's reasons: why no second factor (AwsSolutions-COG2) and why not
 * the Plus plan (AwsSolutions-COG8).
 */
export function acknowledgePoolFindings(pool: UserPool, reasons: { noMfa: string; notPlus: string }): void {
  const poolResource = pool.node.defaultChild;
  if (poolResource === undefined) return;
  Validations.of(poolResource).acknowledge(
    { id: 'AwsSolutions-COG2', reason: reasons.noMfa },
    { id: 'AwsSolutions-COG8', reason: reasons.notPlus },
  );
}
