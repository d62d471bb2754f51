import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkEndpointUrl, type EndpointPolicy } from '../../domain/webhooks/endpoint-policy';
import { isIpLiteral, isPublicAddress } from '../../domain/webhooks/public-address';
import type { WebhookRequest, WebhookResult, WebhookSender } from '../../ports/webhook-sender';
import { standardWebhookSignature } from './standard-webhook-signature';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a name resolves to (the system resolver, as a connection would use it). */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

export interface HttpsWebhookSenderOptions {
  policy: EndpointPolicy;
  /** How long an attempt may take, connection to last byte (the spec suggests receivers answer fast). */
  timeoutMs?: number;
  resolver?: Resolver;
}

/**
 * The WebhookSender over node's HTTP client.
 *
 * Server-side request forgery: the name is resolved once, every address it resolves to must be
 * public (unless the host is allow-listed, locally), and the connection goes to the address that
 * was checked (the client's `lookup` is answered with it), so a second resolution cannot swap in a
 * private address between the check and the connection (DNS rebinding). TLS still verifies the
 * certificate against the host name. Redirects are never followed: node's client does not follow
 * them, and a 3xx is a failed attempt.
 */
export class HttpsWebhookSender implements WebhookSender {
  private readonly timeoutMs: number;
  private readonly resolver: Resolver;

  constructor(private readonly options: HttpsWebhookSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.resolver = options.resolver ?? systemResolver;
  }

  async send(request: WebhookRequest): Promise<WebhookResult> {
    const check = checkEndpointUrl(request.url, this.options.policy);
    if (!check.ok) return { kind: 'refused', error: check.reason };
    const target = await this.checkedAddress(check.host, check.allowListed);
    if ('error' in target) return target.error === 'not_public' ? refused() : { kind: 'failed', error: target.error };

    const signature = standardWebhookSignature(request.secret, request.messageId, request.timestamp, request.body);
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(request.body)),
      'user-agent': 'dispute-platform-webhooks/1',
      'webhook-id': request.messageId,
      'webhook-timestamp': String(Math.floor(request.timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    };
    return this.post(check.url, target, headers, request.body);
  }

  /** The address to connect to, after checking every address the host resolves to. */
  async checkedAddress(host: string, allowListed: boolean): Promise<ResolvedAddress | { error: string }> {
    let addresses: ResolvedAddress[];
    if (isIpLiteral(host)) {
      addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
    } else {
      try {
        addresses = await this.resolver(host);
      } catch (error) {
        return { error: `dns: ${(error as NodeJS.ErrnoException).code ?? 'lookup failed'}` };
      }
    }
    const first = addresses[0];
    if (!first) return { error: 'dns: no address' };
    // One private address among public ones is enough to refuse: a client picks any of them.
    if (!allowListed && !addresses.every((candidate) => isPublicAddress(candidate.address))) {
      return { error: 'not_public' };
    }
    return first;
  }

  private post(
    url: URL,
    target: ResolvedAddress,
    headers: Record<string, string>,
    body: string,
  ): Promise<WebhookResult> {
    // Answers every resolution the client asks for with the checked address.
    const pinned: LookupFunction = (_host, options, callback) => {
      if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [target]);
      else callback(null, target.address, target.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      const req = client.request(
        url,
        { method: 'POST', headers, lookup: pinned, timeout: this.timeoutMs, agent: false },
        (response) => {
          // The body is not needed; reading it lets the socket close.
          response.resume();
          response.on('end', () => resolve({ kind: 'response', statusCode: response.statusCode ?? 0 }));
          response.on('error', (error) => resolve({ kind: 'failed', error: describe(error) }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => resolve({ kind: 'failed', error: describe(error) }));
      req.end(body);
    });
  }
}

function refused(): WebhookResult {
  return { kind: 'refused', error: 'non_public_address' };
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code ? `${code}: ${error.message}` : error.message).slice(0, 200);
}
