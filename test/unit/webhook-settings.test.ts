import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config/config';
import { standardRetrySchedule } from '../../shared/domain/webhooks/retry-schedule';
import { webhookSettingsFrom } from '../../shared/use-cases/webhooks/deps';

describe('webhookSettingsFrom', () => {
  it('uses the Standard Webhooks schedule for 24 hours and allow-lists nothing by default', () => {
    const settings = webhookSettingsFrom(loadConfig({ PLATFORM_STAGE: 'aws', TABLE_NAME: 'platform' }));
    expect(settings.schedule).toEqual(standardRetrySchedule);
    expect(settings.policy.allowedHosts).toEqual([]);
  });

  it('lets the local stack shorten the schedule and allow its loopback receiver', () => {
    const settings = webhookSettingsFrom(
      loadConfig({
        PLATFORM_STAGE: 'local',
        TABLE_NAME: 'platform',
        WEBHOOK_RETRY_DELAYS_SECONDS: '0.2, 0.4',
        WEBHOOK_RETRY_WINDOW_SECONDS: '2',
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, localhost',
      }),
    );
    expect(settings.schedule).toEqual({ delaysMs: [200, 400], windowMs: 2000 });
    expect(settings.policy.allowedHosts).toEqual(['127.0.0.1', 'localhost']);
  });

  it('refuses an allow-list in AWS, and a schedule that is not a list of seconds', () => {
    expect(() =>
      loadConfig({ PLATFORM_STAGE: 'aws', TABLE_NAME: 'platform', WEBHOOK_ALLOWED_HOSTS: '10.0.0.1' }),
    ).toThrow(/WEBHOOK_ALLOWED_HOSTS: is for the local stack only/);
    expect(() =>
      loadConfig({ PLATFORM_STAGE: 'local', TABLE_NAME: 'platform', WEBHOOK_RETRY_DELAYS_SECONDS: '5,soon' }),
    ).toThrow(ConfigError);
  });
});
