import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CognitoIdentityProviderClientConfig } from '@aws-sdk/client-cognito-identity-provider';

/** What the stand-in answers a call with: a body, or an error of Cognito's by its type name. */
export type CognitoAnswer = { json: unknown } | { error: string; message?: string };

export interface CognitoCall {
  target: string;
  body: Record<string, unknown>;
}

/**
 * A loopback stand-in for Cognito's API (no Cognito runs here), for the real SDK's client: it
 * records each call's target (`AdminCreateUser`, …) and body, and answers as Cognito's JSON protocol
 * does, with what `answer` decides. An unknown target is an `InvalidParameterException`.
 */
export async function startCognitoStandIn(answer: (call: CognitoCall) => CognitoAnswer | undefined) {
  const calls: CognitoCall[] = [];
  const reply = (response: ServerResponse, status: number, json: unknown, type?: string) => {
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      ...(type ? { 'x-amzn-errortype': type } : {}),
    });
    response.end(JSON.stringify(json));
  };
  const handle = (request: IncomingMessage, response: ServerResponse, text: string) => {
    const call = {
      target: String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '',
      body: JSON.parse(text || '{}') as Record<string, unknown>,
    };
    calls.push(call);
    const answered = answer(call) ?? { error: 'InvalidParameterException', message: call.target };
    if ('json' in answered) return reply(response, 200, answered.json);
    return reply(response, 400, { __type: answered.error, message: answered.message ?? '' }, answered.error);
  };
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => handle(request, response, text));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const clientConfig: CognitoIdentityProviderClientConfig = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'ap-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
  };
  return {
    calls,
    clientConfig,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
