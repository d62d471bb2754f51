import { isIpLiteral, isPublicAddress, stripBrackets } from './public-address';

/**
 * Which callback endpoints the platform accepts. In AWS the allow-list is empty: only `https`, and
 * never a non-public address. Locally it names hosts (loopback, say) that may be called although
 * they are not public, over `http` too, so tests can run their receiver on this machine.
 */
export interface EndpointPolicy {
  allowedHosts: readonly string[];
}

export const awsEndpointPolicy: EndpointPolicy = { allowedHosts: [] };

export type EndpointCheck =
  | { ok: true; url: URL; host: string; allowListed: boolean }
  | { ok: false; reason: 'invalid_url' | 'not_https' | 'credentials_in_url' | 'not_public'; detail: string };

/**
 * The checks that need no DNS: a URL, `https` (or an allow-listed host), no credentials in it, and
 * not a name or literal address that can only be private. The sender checks the resolved addresses
 * again before every connection.
 */
export function checkEndpointUrl(text: string, policy: EndpointPolicy): EndpointCheck {
  // The URL as given, with no space or control character (a CR/LF would be kept, and shown back).
  if (!/^[\x21-\x7e]+$/.test(text)) {
    return { ok: false, reason: 'invalid_url', detail: 'the callback URL must be printable ASCII, without spaces' };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'invalid_url', detail: 'not an absolute URL' };
  }
  // A name's trailing dot (`localhost.`) names the same host.
  const host = stripBrackets(url.hostname.toLowerCase()).replace(/\.$/, '');
  const allowListed = policy.allowedHosts.some((allowed) => stripBrackets(allowed.toLowerCase()) === host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowListed)) {
    return { ok: false, reason: 'not_https', detail: 'the callback URL must use https' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'credentials_in_url', detail: 'the callback URL must not carry credentials' };
  }
  if (!allowListed && (isLocalName(host) || (isIpLiteral(host) && !isPublicAddress(host)))) {
    return { ok: false, reason: 'not_public', detail: 'the callback URL must name a public host' };
  }
  return { ok: true, url, host, allowListed };
}

/** Names that resolve to this machine or the local network by convention (RFC 6761, 6762). */
function isLocalName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal');
}
