import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config/config';

describe('loadConfig', () => {
  it('reads a complete environment with defaults', () => {
    const config = loadConfig({
      PLATFORM_STAGE: 'aws',
      TABLE_NAME: 'platform',
      STATE_MACHINE_ARNS: '{"MessageDelivery":"arn:x"}',
    });
    expect(config.AWS_REGION).toBe('ap-east-1');
    expect(config.STATE_MACHINE_ARNS).toEqual({ MessageDelivery: 'arn:x' });
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
