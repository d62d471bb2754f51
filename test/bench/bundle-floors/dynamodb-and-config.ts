import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';
import { loadConfig } from '../../../shared/config/config';

/**
 * Floor 4: settings checked with zod and the DynamoDB document client, which every function here
 * starts with before any code of its own: the least a function of this project can weigh and take.
 */
const config = loadConfig(process.env);
const client = createDocumentClient({ region: config.AWS_REGION });

export const handler = async (): Promise<unknown> =>
  client.send(new GetCommand({ TableName: config.TABLE_NAME, Key: { pk: 'x' } }));
