/**
 * The `servers` of the served OpenAPI document: first the origin that served it (a relative URL, so
 * it is right behind any domain or stage), then the deployment's public base URL (PUBLIC_BASE_URL),
 * without a trailing slash. A loopback base URL (the embedded runtime's default) is left out: it
 * names nothing that `/` does not, and nobody else can reach it.
 */
export function openApiServers(publicBaseUrl: string): Array<{ url: string; description: string }> {
  const servers = [{ url: '/', description: 'the origin that served this document' }];
  const base = publicBaseUrl.trim().replace(/\/+$/, '');
  if (base !== '' && !isLoopback(base)) {
    servers.push({ url: base, description: 'the public base URL of this deployment' });
  }
  return servers;
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}
