import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer as a provider's wire protocol words it: status, headers and body. */
export interface FakeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface FakeEndpoint {
  endpoint: string;
  /** The bodies of the requests received so far, in order. */
  requests: string[];
  /** The most requests it held unanswered at one moment. */
  mostAtOnce(): number;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that stands in for an AWS endpoint: a mock of AWS, for the answers a local
 * emulator cannot be made to give (throttling, a 5xx, silence). It gives every request the same
 * answer, or, with `'never'`, reads each request and never answers; `answerAfterMs` makes it a slow
 * provider, answering each request that long after it arrived.
 */
export async function startFakeEndpoint(
  answer: FakeAnswer | 'never',
  options: { answerAfterMs?: number } = {},
): Promise<FakeEndpoint> {
  const requests: string[] = [];
  let atOnce = 0;
  let mostAtOnce = 0;
  const server = createServer(async (request, response) => {
    atOnce += 1;
    mostAtOnce = Math.max(mostAtOnce, atOnce);
    response.once('close', () => {
      atOnce -= 1;
    });
    let body = '';
    for await (const chunk of request) body += String(chunk);
    requests.push(body);
    if (answer === 'never') return;
    if (options.answerAfterMs) await new Promise((resolve) => setTimeout(resolve, options.answerAfterMs));
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    mostAtOnce: () => mostAtOnce,
    close: () => close(server),
  };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
