import { Logger } from '@aws-lambda-powertools/logger';
import { isSecretKey, maskPersonalDataInText } from '../../domain/personal-data-patterns';

/**
 * Masks personal data in every log record: secrets and contents by key, phones, emails and ID
 * numbers wherever they appear in a string. Call sites log freely; the logger keeps them honest.
 */
export function maskingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && isSecretKey(key) && value !== undefined && value !== null) return '[redacted]';
  if (typeof value === 'string') return maskPersonalDataInText(value);
  return value;
}

export function createLogger(serviceName: string, logLevel = process.env.LOG_LEVEL ?? 'INFO'): Logger {
  return new Logger({
    serviceName,
    logLevel: logLevel as 'INFO',
    jsonReplacerFn: maskingReplacer,
  });
}
