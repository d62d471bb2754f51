import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireSetting } from '../../shared/config/config';

describe('loadConfig', () => {
  it('reads a complete environment with defaults', () => {
    const config = loadConfig({
      PLATFORM_STAGE: 'aws',
      TABLE_NAME: 'platform',
      PUBLIC_BASE_URL: 'https://odr.example.gov.cn',
      STATE_MACHINE_ARNS: '{"MessageDelivery":"arn:x"}',
    });
    expect(config.AWS_REGION).toBe('ap-east-1');
    expect(config.STATE_MACHINE_ARNS).toEqual({ MessageDelivery: 'arn:x' });
  });

  it('has no public base URL by default in AWS, where one would send people links to localhost', () => {
    const aws = loadConfig({ PLATFORM_STAGE: 'aws', TABLE_NAME: 'platform' });

    expect(aws.PUBLIC_BASE_URL, 'no default in AWS').toBeUndefined();
    expect(() => requireSetting(aws, 'PUBLIC_BASE_URL'), 'a function building links fails its init').toThrow(
      /PUBLIC_BASE_URL: required by this function/,
    );
    expect(loadConfig({ PLATFORM_STAGE: 'local', TABLE_NAME: 'platform' }).PUBLIC_BASE_URL).toBe(
      'http://localhost:3000',
    );
  });

  it.each([
    [
      { TABLE_NAME: 'ab', AWS_REGION: '' },
      [
        'AWS_REGION: Too small: expected string to have >=1 characters',
        'TABLE_NAME: Too small: expected string to have >=3 characters',
      ],
    ],
    [
      { PUBLIC_BASE_URL: 'not a url', MAIL_FROM: 'x' },
      ['PUBLIC_BASE_URL: Invalid URL', 'MAIL_FROM: Invalid email address'],
    ],
    [{ OFFER_DEADLINE_HOURS: '-1' }, ['OFFER_DEADLINE_HOURS: Too small: expected number to be >0']],
    [{ OFFER_DEADLINE_HOURS: 'abc' }, ['OFFER_DEADLINE_HOURS: Invalid input: expected number, received NaN']],
    [{ OFFER_DEADLINE_HOURS: '1000' }, ['OFFER_DEADLINE_HOURS: Too big: expected number to be <=336']],
    [
      { CHECKPOINT_RETENTION_DAYS: '1.5', SMS_SENDS_PER_SECOND: '0', EMAIL_SENDS_PER_SECOND: '10001' },
      [
        'CHECKPOINT_RETENTION_DAYS: Invalid input: expected int, received number',
        'SMS_SENDS_PER_SECOND: Too small: expected number to be >=1',
        'EMAIL_SENDS_PER_SECOND: Too big: expected number to be <=10000',
      ],
    ],
    [{ PARTY_USER_POOL_ID: 'bad' }, ['PARTY_USER_POOL_ID: a Cognito user pool id (region_id)']],
    [{ STATE_MACHINE_ARNS: '{"a":1}' }, ['STATE_MACHINE_ARNS: must be a JSON object of workflow name to ARN']],
    [{ LOG_LEVEL: 'TRACE' }, ['LOG_LEVEL: Invalid option: expected one of "DEBUG"|"INFO"|"WARN"|"ERROR"']],
    [
      { WEBHOOK_RETRY_DELAYS_SECONDS: '5,x' },
      ['WEBHOOK_RETRY_DELAYS_SECONDS: must be a comma-separated list of seconds'],
    ],
    [
      { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
      ['WEBHOOK_ALLOWED_HOSTS: is for the local stack only: in AWS no private address is ever called back'],
    ],
  ])('says what is wrong with %j in zod’s English messages', (settings, lines) => {
    expect(() => loadConfig({ PLATFORM_STAGE: 'aws', TABLE_NAME: 'platform', ...settings })).toThrow(
      `invalid configuration:\n${lines.map((line) => `  ${line}`).join('\n')}`,
    );
  });

  it('reads every setting, with defaults for the unset and nothing it does not know', () => {
    const config = loadConfig({
      PLATFORM_STAGE: 'local',
      TABLE_NAME: 'platform',
      OFFER_DEADLINE_HOURS: '12.5',
      CHECKPOINT_RETENTION_DAYS: '30',
      STATE_MACHINE_ARNS: '{"MessageDelivery":"arn:m"}',
      LOG_LEVEL: 'DEBUG',
      WEBHOOK_RETRY_DELAYS_SECONDS: '1, 2,3',
      WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, ,localhost ',
      UNKNOWN_SETTING: 'left out',
    });
    expect(config).toEqual({
      PLATFORM_STAGE: 'local',
      AWS_REGION: 'ap-east-1',
      TABLE_NAME: 'platform',
      PUBLIC_BASE_URL: 'http://localhost:3000',
      MAIL_FROM: 'no-reply@platform.example',
      OFFER_DEADLINE_HOURS: 12.5,
      CHECKPOINT_RETENTION_DAYS: 30,
      STATE_MACHINE_ARNS: { MessageDelivery: 'arn:m' },
      LOG_LEVEL: 'DEBUG',
      SMS_SENDS_PER_SECOND: 20,
      COURT_REQUESTS_PER_MINUTE: 600,
      EMAIL_SENDS_PER_SECOND: 14,
      WEBHOOK_RETRY_DELAYS_SECONDS: [1, 2, 3],
      WEBHOOK_RETRY_WINDOW_SECONDS: 86_400,
      WEBHOOK_ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
    });
  });

  it('fails fast naming every bad setting', () => {
    expect(() => loadConfig({ PLATFORM_STAGE: 'staging', STATE_MACHINE_ARNS: 'not json' })).toThrow(ConfigError);
    try {
      loadConfig({ PLATFORM_STAGE: 'staging', STATE_MACHINE_ARNS: 'not json' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PLATFORM_STAGE/);
      expect((error as Error).message).toMatch(/TABLE_NAME/);
      expect((error as Error).message).toMatch(/STATE_MACHINE_ARNS/);
    }
  });
});
