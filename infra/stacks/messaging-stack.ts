import { ArnFormat, Aws, CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';

export interface MessagingStackProps extends StackProps {
  /** Sender address of platform email; its domain becomes the SES identity. */
  mailFrom: string;
  /** Alphanumeric SMS sender ID, where the destination country supports one. */
  smsSenderId?: string;
  /** Monthly SMS spend limit in USD; only raise it after AWS raised the account's quota. */
  smsMonthlySpendLimit?: number;
}

/**
 * The SMS delivery-status log groups SNS writes to. SNS picks the names itself; creating them here
 * gives them a retention period and lets the events stack subscribe to them before the first SMS.
 */
export interface SmsDeliveryLogGroups {
  success: LogGroup;
  failure: LogGroup;
}

/**
 * Messaging: the SES configuration set whose events (delivery, bounce, complaint...) go to the
 * default EventBridge bus, the sending identity, and the account's SNS SMS settings with delivery
 * status logging. The functions that send and that consume the receipts live in the workflow and
 * events stacks; this stack only holds what those providers need configured.
 */
export class MessagingStack extends Stack {
  public readonly configurationSet: ConfigurationSet;
  public readonly configurationSetName: string;
  public readonly emailIdentity: EmailIdentity;
  public readonly mailFrom: string;
  public readonly smsDeliveryLogGroups: SmsDeliveryLogGroups;
  /** Name of the log group of successful SMS deliveries (failures: `<name>/Failure`). */
  public readonly smsDeliveryLogGroupName: string;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    this.mailFrom = props.mailFrom;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      // Court documents must not cross the internet in clear text: refuse a receiving server that
      // cannot do TLS (the bounce is recorded and the next address is tried).
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetName = this.configurationSet.configurationSetName;
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [
        EmailSendingEvent.SEND,
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
        EmailSendingEvent.DELIVERY_DELAY,
        EmailSendingEvent.RENDERING_FAILURE,
      ],
    });

    const domain = mailDomain(props.mailFrom);
    this.emailIdentity = new EmailIdentity(this, 'EmailIdentity', {
      identity: Identity.domain(domain),
      // Every message from this domain reports its events, even one sent without naming the set.
      configurationSet: this.configurationSet,
    });
    // Without a hosted zone here, the DKIM records are published by hand from these outputs.
    this.emailIdentity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        description: `CNAME to publish for ${domain} (Easy DKIM)`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });

    const successName = `sns/${Aws.REGION}/${Aws.ACCOUNT_ID}/DirectPublishToPhoneNumber`;
    this.smsDeliveryLogGroupName = successName;
    // Thirty days: the receipts name phone numbers, and each is recorded in the table (the evidence)
    // by the receipt consumer within seconds; the logs only feed it (DESIGN.md, Operations).
    this.smsDeliveryLogGroups = {
      success: new LogGroup(this, 'SmsDeliveryLogs', {
        logGroupName: successName,
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
      failure: new LogGroup(this, 'SmsFailureLogs', {
        logGroupName: `${successName}/Failure`,
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    };

    // The role SNS assumes to write delivery-status logs. Retained: the account-level SMS
    // settings keep pointing at it even if this stack is deleted.
    const deliveryStatusRole = new Role(this, 'SmsDeliveryStatusRole', {
      assumedBy: new ServicePrincipal('sns.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'Lets SNS write SMS delivery-status logs',
    });
    deliveryStatusRole.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const groups = [this.smsDeliveryLogGroups.success, this.smsDeliveryLogGroups.failure];
    deliveryStatusRole.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogGroup'],
        resources: groups.map((group) =>
          this.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: group.logGroupName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ),
      }),
    );
    deliveryStatusRole.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: groups.map((group) => group.logGroupArn),
      }),
    );

    const attributes: Record<string, string> = {
      DefaultSMSType: 'Transactional',
      DeliveryStatusIAMRole: deliveryStatusRole.roleArn,
      // Every receipt is evidence of service, so log all of them, not a sample.
      DeliveryStatusSuccessSamplingRate: '100',
    };
    if (props.smsSenderId !== undefined) attributes.DefaultSenderID = props.smsSenderId;
    if (props.smsMonthlySpendLimit !== undefined) attributes.MonthlySpendLimit = String(props.smsMonthlySpendLimit);
    const setSmsAttributes = {
      service: 'SNS',
      action: 'SetSMSAttributes',
      parameters: { attributes },
      // The settings are account-wide; one physical resource stands for them.
      physicalResourceId: PhysicalResourceId.of('sns-sms-attributes'),
    };
    const smsSettingsLogs = new LogGroup(this, 'SmsSettingsProviderLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudFormation has no resource for the account's SMS settings, so an SDK call sets them.
    // Nothing is undone on delete: other workloads in the account may rely on the settings.
    const smsSettings = new AwsCustomResource(this, 'SmsSettings', {
      onCreate: setSmsAttributes,
      onUpdate: setSmsAttributes,
      installLatestAwsSdk: false,
      logGroup: smsSettingsLogs,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
        new PolicyStatement({ actions: ['iam:PassRole'], resources: [deliveryStatusRole.roleArn] }),
      ]),
    });
    Validations.of(smsSettings).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'sns:SetSMSAttributes changes account-level settings and supports no resource-level permission.',
    });
    acknowledgeCustomResourceProvider(this);

    new CfnOutput(this, 'ConfigurationSetName', { value: this.configurationSetName });
    new CfnOutput(this, 'SmsDeliveryLogGroup', { value: successName });
  }
}

/** The domain part of an email address, which is what SES verifies (with Easy DKIM). */
function mailDomain(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = at === -1 ? '' : address.slice(at + 1);
  if (domain === '' || !domain.includes('.')) {
    throw new Error(`mailFrom must be an email address with a domain, got "${address}"`);
  }
  return domain;
}

/**
 * The one Lambda function behind every AwsCustomResource in a stack is created by CDK under a
 * fixed id; its findings are acknowledged there and nowhere wider.
 */
function acknowledgeCustomResourceProvider(stack: Stack): void {
  const provider = stack.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
  if (provider === undefined) return;
  Validations.of(provider).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'The CDK-provided custom resource handler uses the AWS managed basic execution role (write its own logs only).',
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'The runtime of the CDK-provided custom resource handler is chosen by aws-cdk-lib, not by this app.',
    },
  );
}
