import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

describe('MessagingStack', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    synthesized = synthPlatform({ mailFrom: 'service@court-mail.example.cn', smsSenderId: 'ODR' });
  });

  it('sends the SES events of the configuration set to the default event bus', () => {
    const { messaging } = synthesized.templates;

    messaging.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
        MatchingEventTypes: ['send', 'delivery', 'bounce', 'complaint', 'reject', 'deliveryDelay', 'renderingFailure'],
      },
    });
  });

  it('verifies the domain of mailFrom with the configuration set as its default', () => {
    synthesized.templates.messaging.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'court-mail.example.cn',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
  });

  it('sets transactional SMS with full delivery-status logging through a custom resource', () => {
    const resources = Object.values(resourcesOfType(synthesized.templates.messaging, 'Custom::AWS'));
    expect(resources).toHaveLength(1);
    const create = JSON.stringify(resources[0]?.Properties.Create);

    expect(create).toContain('SetSMSAttributes');
    expect(create).toContain('DefaultSMSType\\":\\"Transactional');
    expect(create).toContain('DeliveryStatusSuccessSamplingRate\\":\\"100');
    expect(create).toContain('DeliveryStatusIAMRole');
    expect(create).toContain('DefaultSenderID\\":\\"ODR');
  });

  it('lets SNS, and only SNS, assume the delivery-status role', () => {
    synthesized.templates.messaging.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'sns.amazonaws.com' } })],
      },
    });
  });
});
