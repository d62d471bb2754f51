import { beforeAll, describe, expect, it } from 'vitest';
import { isPageRoute, routeTable } from '../../functions/http/route-table';
import { httpHarness } from '../support/http-harness';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/**
 * Every page route the route table declares, with its `{variables}` filled in (an unknown token still
 * answers with a page): a page added to the table is requested here without being named again.
 */
const pageRoutes = routeTable.filter(isPageRoute).map((route) => ({
  ...route,
  url: route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => `${name}-unknown-for-headers`),
}));
const pageGets = pageRoutes.filter((route) => route.method === 'GET');
const pagePosts = pageRoutes.filter((route) => route.method === 'POST');

/** A form as a browser sends it, from this origin or another: a stale token, so no page acts on it. */
function formPost(origin?: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: 'csrf=x&code=123456',
  };
}

function directives(policy: string | null): Map<string, string> {
  return new Map(
    (policy ?? '').split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
}

/** The headers every answer of a page carries, a redirect and a refusal included. */
function expectPageHeaders(response: Response, route: string): void {
  const policy = directives(response.headers.get('content-security-policy'));
  expect(policy.get('default-src'), `${route}: nothing loads by default`).toBe("'none'");
  expect(policy.get('script-src'), `${route}: scripts from here or with the nonce, none inline`).toMatch(
    /^'self' 'nonce-[A-Za-z0-9+/=]{16,}'$/,
  );
  expect(policy.get('frame-ancestors'), `${route}: no framing by CSP`).toBe("'none'");
  expect(policy.get('form-action'), `${route}: forms post here only`).toBe("'self'");
  expect(policy.get('base-uri'), route).toBe("'none'");
  expect(response.headers.get('x-frame-options'), `${route}: no framing by the older header`).toBe('DENY');
  expect(response.headers.get('cache-control'), `${route}: personal data is never cached`).toBe('no-store');
  expect(response.headers.get('referrer-policy'), `${route}: links carry no referrer (tokens are in paths)`).toBe(
    'no-referrer',
  );
  expect(response.headers.get('x-content-type-options'), route).toBe('nosniff');
}

describe('headers on every page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness();
  });

  it('finds the pages in the route table: the parties’, the staff’s, sign-in and verification', () => {
    const paths = new Set(pageRoutes.map((route) => route.path));

    for (const path of ['/join/{token}', '/j/{token}', '/r/{token}', '/s/{token}', '/verify', '/auth/sign-in']) {
      expect(paths, path).toContain(path);
    }
    for (const path of ['/cases', '/inbox', '/service-centre']) expect(paths, path).toContain(path);
    expect(
      pageRoutes.filter((route) => route.path.startsWith('/v1/') || route.path === '/health'),
      'the API is not a page',
    ).toEqual([]);
  });

  it.each(pageGets.map((route) => [route.path, route.url]))(
    'answers GET %s with no inline script, no framing, no caching and no referrer',
    async (path, url) => {
      const response = await h.app.request(url);

      expect(response.status, path).toBeLessThan(500);
      if (response.status < 300 || response.status >= 400) {
        expect(response.headers.get('content-type'), `${path}: a page`).toMatch(/^text\/html/);
      }
      expectPageHeaders(response, `GET ${path}`);
    },
  );

  it.each(pagePosts.map((route) => [route.path, route.url]))(
    'answers a same-origin form posted to %s with the same headers',
    async (path, url) => {
      const response = await h.app.request(url, formPost('http://localhost:3000'));

      expect(response.status, path).toBeLessThan(500);
      expect(await response.text(), `${path}: the page answered, not the origin check`).not.toContain(
        '只接受本站页面提交的表单',
      );
      expectPageHeaders(response, `POST ${path}`);
    },
  );

  it('verifies with a reference on the query too', async () => {
    expectPageHeaders(await h.app.request('/verify?ref=SD23456789AB'), 'GET /verify?ref=');
  });

  it('gives every answer a fresh nonce (the inbox’s countdown script carries it)', async () => {
    const first = await h.app.request('/inbox');
    const second = await h.app.request('/inbox');
    const firstSource = directives(first.headers.get('content-security-policy')).get('script-src') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(firstSource)?.[1];

    expect(nonce, 'a nonce source').toBeDefined();
    expect(directives(second.headers.get('content-security-policy')).get('script-src'), 'a fresh nonce').not.toBe(
      firstSource,
    );
    const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    for (const tag of scripts) expect(tag, 'every inline script carries the nonce').toContain(`nonce="${nonce}"`);
  });

  it.each(pagePosts.map((route) => [route.path, route.url]))(
    'refuses a form posted to %s from another site, before it is read',
    async (path, url) => {
      const before = await h.allItems();

      const foreign = await h.app.request(url, formPost('https://evil.example'));
      const noOrigin = await h.app.request(url, formPost());

      for (const response of [foreign, noOrigin]) {
        expect(response.status, `${path}: a post from another origin, or from nowhere said`).toBe(403);
        expect(await response.text(), 'the origin check answered, in both languages').toContain(
          '只接受本站页面提交的表单',
        );
        expectPageHeaders(response, `POST ${path} refused`);
      }
      expect(await h.allItems(), 'nothing was written').toEqual(before);
    },
  );

  it('lets a same-origin form post through to the page (Sec-Fetch-Site or Origin)', async () => {
    const bySecFetch = await h.app.request('/service-centre/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: 'csrf=x&token=y',
    });
    const byOrigin = await h.app.request('/service-centre/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'csrf=x&token=y',
    });

    // The page itself answers (its own double-submit check refuses: no cookie), not the origin check.
    for (const response of [bySecFetch, byOrigin]) {
      expect(await response.text(), 'the page answered, not the origin check').not.toContain(
        '只接受本站页面提交的表单',
      );
    }
  });
});

describe('headers on the API and its reference', () => {
  it.each(['/v1/courts', '/health', '/openapi.json', '/docs', '/favicon.ico'])(
    'answers %s with no framing, no sniffing and a policy that lets nothing run',
    async (path) => {
      const h = await httpHarness();

      const response = await h.app.request(path);

      expect(response.headers.get('x-frame-options'), 'no framing').toBe('DENY');
      expect(response.headers.get('x-content-type-options'), 'no content sniffing').toBe('nosniff');
      const policy = directives(response.headers.get('content-security-policy'));
      expect(policy.get('default-src')).toBe("'none'");
      expect(policy.get('frame-ancestors')).toBe("'none'");
      expect(policy.has('script-src'), 'no script source at all').toBe(false);
    },
  );

  it('never lets a cache keep an answer of the API, a refusal included (it may hold personal data)', async () => {
    const h = await httpHarness();
    const listed = await h.call('GET', '/v1/disputes', { as: ['party', 'cache-check'] });
    const refused = await h.app.request('/v1/disputes');
    expect([listed.status, listed.headers.get('cache-control')]).toEqual([200, 'no-store']);
    expect([refused.status, refused.headers.get('cache-control')]).toEqual([401, 'no-store']);
  });
});

describe('body limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness();
  });

  it('answers 413 body_too_large to a body over 256 KB on an ordinary route, and writes nothing', async () => {
    const before = await h.allItems();

    const response = await h.call('POST', '/v1/courts', {
      as: ['operator', 'op-1'],
      rawBody: JSON.stringify({ name: 'x'.repeat(300 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });

    expect(response.status).toBe(413);
    expect(response.json, 'a problem naming the limit').toMatchObject({ code: 'body_too_large', status: 413 });
    expect(await h.allItems(), 'nothing was written').toEqual(before);
  });

  it('answers 413 body_too_large to a form over 256 KB on a page', async () => {
    const response = await h.call('POST', '/join/jt_x', {
      rawBody: `code=${'1'.repeat(300 * 1024)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expect(response.status).toBe(413);
  });

  it('gives the document upload room for a 4 MB document (base64), and no more', async () => {
    const operator: ['operator', string] = ['operator', 'op-1'];
    const sevenMegabytes = JSON.stringify({ document: { contentBase64: 'A'.repeat(7 * 1024 * 1024) } });

    const tooLarge = await h.call('POST', '/v1/services', {
      as: operator,
      rawBody: sevenMegabytes,
      headers: { 'content-type': 'application/json' },
    });
    const withinLimit = await h.call('POST', '/v1/services', {
      as: operator,
      rawBody: JSON.stringify({ document: { contentBase64: 'A'.repeat(300 * 1024) } }),
      headers: { 'content-type': 'application/json' },
    });

    expect(tooLarge.status, 'over the upload limit').toBe(413);
    expect(tooLarge.json).toMatchObject({ code: 'body_too_large' });
    expect(withinLimit.status, 'within the limit, the schema answers').toBe(400);
  });
});
