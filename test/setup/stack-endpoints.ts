/**
 * What the test run's global setup provides to every test file: the endpoints of the emulators it
 * started once for the whole run (DynamoDB Local in memory, s3rver, the SES emulator, the SMS gateway).
 */
export interface StackEndpoints {
  region: string;
  dynamodb: string;
  s3: string;
  ses: string;
  sms: string;
}

// Importing from vitest lets the augmentation below find the module.
export type { ProvidedContext } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackEndpoints;
  }
}
