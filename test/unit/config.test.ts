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
