import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';

/** Floor 3: the DynamoDB document client every function builds at cold start, and one command. */
const client = createDocumentClient({ region: process.env.AWS_REGION ?? 'ap-east-1' });

export const handler = async (): Promise<unknown> => client.send(new GetCommand({ TableName: 't', Key: { pk: 'x' } }));
