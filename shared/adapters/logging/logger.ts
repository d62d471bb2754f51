import { Logger } from '@aws-lambda-powertools/logger';
import { isSecretKey, maskPersonalDataInText } from '../../domain/personal-data-patterns';

/**
 * Masks personal data in every log record: secrets and contents by key, phones, emails and ID
 * numbers wherever they appear in a string, however spaced or punctuated (see
 * `maskPersonalDataInText`), and in a number logged as a number (`{ phone: 13812345678 }`), which
 * then becomes its masked text. Call sites log freely; the logger keeps them honest.
 */
export function maskingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && isSecretKey(key) && value !== undefined && value !== null) return '[redacted]';
  if (typeof value === 'string') return maskPersonalDataInText(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = value.toString();
    const masked = maskPersonalDataInText(text);
    return masked === text ? value : masked;
  }
  return value;
}

export function createLogger(serviceName: string, logLevel = process.env.LOG_LEVEL ?? 'INFO'): Logger {
  return new Logger({
    serviceName,
    logLevel: logLevel as 'INFO',
    jsonReplacerFn: maskingReplacer,
  });
}
