/**
 * Reads a Secrets Manager secret through the AWS Parameters and Secrets Lambda Extension (the
 * layer the stack attaches): a GET on its loopback port, authenticated with the function's session
 * token. The extension caches the value (TTL set in the stack), so a rotated secret is picked up
 * without a deployment, and the HTTP function carries no Secrets Manager client in its bundle.
 * The secret's string must be JSON; `{}` means "not configured".
 */
export function lambdaExtensionSecret(options: {
  secretId: string;
  port?: number;
  sessionToken?: string;
  fetch?: typeof fetch;
}): () => Promise<unknown> {
  const fetchSecret = options.fetch ?? globalThis.fetch;
  const url = `http://localhost:${options.port ?? 2773}/secretsmanager/get?secretId=${encodeURIComponent(options.secretId)}`;
  return async () => {
    const response = await fetchSecret(url, {
      headers: { 'X-Aws-Parameters-Secrets-Token': options.sessionToken ?? process.env.AWS_SESSION_TOKEN ?? '' },
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new SecretUnavailable(`the secrets extension answered HTTP ${response.status}`);
    }
    const body = (await response.json()) as { SecretString?: unknown };
    if (typeof body.SecretString !== 'string') throw new SecretUnavailable('the secret has no string value');
    try {
      return JSON.parse(body.SecretString) as unknown;
    } catch {
      throw new SecretUnavailable('the secret is not JSON');
    }
  };
}

export class SecretUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnavailable';
  }
}
