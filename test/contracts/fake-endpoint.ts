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
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that stands in for an AWS endpoint: a mock of AWS, for the answers a local
 * emulator cannot be made to give (throttling, a 5xx, silence). It gives every request the same
 * answer, or, with `'never'`, reads each request and never answers.
 */
export async function startFakeEndpoint(answer: FakeAnswer | 'never'): Promise<FakeEndpoint> {
  const requests: string[] = [];
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    requests.push(body);
    if (answer === 'never') return;
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => close(server),
  };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
