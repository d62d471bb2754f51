import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  headers: IncomingMessage['headers'];
  body: string;
  /** The status the receiver answered. */
  answer?: number;
}

/**
 * A court's callback receiver on loopback (the harnesses' endpoint policy allows 127.0.0.1): answers
 * `status` to every callback (or what `status` says for each, given what it got before) and keeps
 * what it got, in order, with its answer.
 */
export async function startCallbackReceiver(
  status: number | ((callback: ReceivedCallback, earlier: readonly ReceivedCallback[]) => number) = 204,
  port = 0,
) {
  const received: ReceivedCallback[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const callback: ReceivedCallback = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      const answer = typeof status === 'number' ? status : status(callback, [...received]);
      received.push({ ...callback, answer });
      response.writeHead(answer).end();
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const listening = (server.address() as AddressInfo).port;
  return {
    port: listening,
    url: `http://127.0.0.1:${listening}/callbacks`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
