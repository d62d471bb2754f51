import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** Each page's address as a visitor reaches it (unknown tokens still render a page). */
const pages = [
  '/join/jt_unknown-token-for-headers',
  '/r/rt_unknown-token-for-headers',
  '/s/st_unknown-token-for-headers',
  '/verify',
  '/verify?ref=SD23456789AB',
  '/inbox',
  '/service-centre',
];

/** A page's form posts, each as a browser would send it but from another site. */
const forms = ['/join/jt_x', '/r/rt_x', '/s/st_x', '/inbox/sign-in', '/service-centre/sign-in'];

function directives(policy: string | null): Map<string, string> {
  return new Map(
    (policy ?? '').split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
}

describe('headers on every page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness();
  });

  it.each(pages)('answers %s with no inline script, no framing, no caching and no referrer', async (path) => {
    const response = await h.app.request(path);

    expect(response.headers.get('content-type'), 'a page').toMatch(/^text\/html/);
    const policy = directives(response.headers.get('content-security-policy'));
    expect(policy.get('default-src'), 'nothing loads by default').toBe("'none'");
    expect(policy.get('script-src'), 'no inline script').not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(policy.get('frame-ancestors'), 'no framing by CSP').toBe("'none'");
    expect(policy.get('form-action'), 'forms post here only').toBe("'self'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(response.headers.get('x-frame-options'), 'no framing by the older header').toBe('DENY');
    expect(response.headers.get('cache-control'), 'personal data is never cached').toBe('no-store');
    expect(response.headers.get('referrer-policy'), 'links carry no referrer (tokens are in paths)').toBe(
      'no-referrer',
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('allows the inbox its own script by a nonce that changes with every answer', async () => {
    const first = directives((await h.app.request('/inbox')).headers.get('content-security-policy'));
    const second = directives((await h.app.request('/inbox')).headers.get('content-security-policy'));

    expect(first.get('script-src'), 'a nonce source').toMatch(/^'nonce-[A-Za-z0-9+/=]{16,}'$/);
    expect(second.get('script-src'), 'a fresh nonce').not.toBe(first.get('script-src'));
  });

  it.each(forms)('refuses a form posted to %s from another site, before it is read', async (path) => {
    const before = await h.allItems();

    const foreign = await h.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'csrf=x&code=123456',
    });
    const noOrigin = await h.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=x&code=123456',
    });

    for (const response of [foreign, noOrigin]) {
      expect(response.status, 'a post from another origin, or from nowhere said').toBe(403);
      expect(await response.text(), 'the origin check answered, in both languages').toContain(
        '只接受本站页面提交的表单',
      );
    }
    expect(await h.allItems(), 'nothing was written').toEqual(before);
  });

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
  it.each(['/v1/courts', '/health', '/openapi.json', '/docs'])(
    'answers %s with no framing and no sniffing',
    async (path) => {
      const h = await httpHarness();

      const response = await h.app.request(path);

      expect(response.headers.get('x-frame-options'), 'no framing').toBe('DENY');
      expect(response.headers.get('x-content-type-options'), 'no content sniffing').toBe('nosniff');
    },
  );
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
