import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { siteCssPath } from '../../functions/http/pages/kit/assets';
import { assetRoutes, languageRoutes } from '../../functions/http/pages/kit/kit-routes';
import { fromAcceptLanguage } from '../../functions/http/pages/kit/language';
import { beijingTime, Field, formStateFrom, renderPage } from '../../functions/http/pages/kit/page-kit';

function kitApp() {
  const app = new Hono();
  app.route('/assets', assetRoutes());
  app.route('/lang', languageRoutes());
  const schema = z.object({ code: z.string().regex(/^\d{6}$/), name: z.string().min(1) }).strict();
  app.get('/page', (c) =>
    renderPage(c, { title: { zh: '测试', en: 'Test' }, body: (lang) => <p>{lang}</p>, signedIn: true }),
  );
  app.post('/form', async (c) => {
    const values = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));
    const parsed = schema.safeParse(values);
    const form = formStateFrom(values, parsed.success ? [] : parsed.error.issues, { code: 'codeShape' });
    return renderPage(c, {
      title: { zh: '表单', en: 'Form' },
      hasErrors: !parsed.success,
      status: parsed.success ? 200 : 400,
      body: (lang) => (
        <form method="post">
          <Field lang={lang} form={form} name="code" label={{ zh: '验证码', en: 'Code' }} />
          <Field lang={lang} form={form} name="name" label={{ zh: '姓名', en: 'Name' }} />
        </form>
      ),
    });
  });
  return app;
}

describe('the page kit', () => {
  it('writes the page in the Accept-Language of the visitor, with lang and landmarks to match', async () => {
    const app = kitApp();

    const english = await (await app.request('/page', { headers: { 'accept-language': 'en-GB,zh;q=0.5' } })).text();
    const chinese = await (await app.request('/page', { headers: { 'accept-language': 'fr, zh-TW;q=0.8' } })).text();

    expect(english).toMatch(/^<!doctype html><html lang="en">/);
    expect(chinese).toMatch(/^<!doctype html><html lang="zh-CN">/);
    for (const landmark of ['<header>', '<nav aria-label="Main">', '<main id="main"', '<footer>', 'href="#main"']) {
      expect(english).toContain(landmark);
    }
    expect(english).toContain(`<link rel="stylesheet" href="${siteCssPath}"/>`);
    expect(english).not.toMatch(/<script|<style/);
  });

  it('remembers the language chosen with the switch and goes back to the same page only', async () => {
    const app = kitApp();

    const switched = await app.request('/lang/en?return=%2Fpage%3Fx%3D1');
    const offsite = await app.request('/lang/en?return=%2F%2Fevil.example%2F');

    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/page?x=1');
    expect(switched.headers.get('set-cookie')).toMatch(/^platform-lang=en;.*HttpOnly/);
    expect(offsite.headers.get('location')).toBe('/');
    const cookie = 'platform-lang=en';
    const page = await (await app.request('/page', { headers: { cookie, 'accept-language': 'zh-CN' } })).text();
    expect(page).toContain('<html lang="en">');
  });

  it('prefers Chinese or English by weight and falls back to Chinese', () => {
    expect(fromAcceptLanguage('de, en;q=0.7, zh;q=0.9')).toBe('zh');
    expect(fromAcceptLanguage('en-US')).toBe('en');
    expect(fromAcceptLanguage('fr')).toBe('zh');
    expect(fromAcceptLanguage(undefined)).toBe('zh');
  });

  it('ties a refused field to its error, marks it invalid and keeps what was typed', async () => {
    const app = kitApp();

    const response = await app.request('/form', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'zh' },
      body: 'code=12ab&name=%E5%BC%A0%E4%B8%89',
    });
    const page = await response.text();

    expect(response.status).toBe(400);
    expect(page).toContain('<title>错误：表单');
    expect(page).toMatch(
      /<input id="code" name="code"[^>]*aria-describedby="code-error" aria-invalid="true"[^>]*value="12ab"/,
    );
    expect(page).toContain('<span class="field-error" id="code-error">验证码为 6 位数字</span>');
    expect(page).toMatch(/<input id="name" name="name"[^>]*value="张三"/);
    expect(page).not.toMatch(/id="name"[^>]*aria-invalid/);
  });

  it('serves the stylesheet under its hashed name, cached for good', async () => {
    const app = kitApp();

    const css = await app.request(siteCssPath);
    const stale = await app.request('/assets/site-000000000000.css');

    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(stale.status).toBe(404);
  });

  it('writes Beijing time with the zone named, whatever the server zone', () => {
    expect(beijingTime('2026-03-01T16:30:00Z', 'zh')).toBe('2026-03-02 00:30（北京时间）');
    expect(beijingTime('2026-03-01T16:30:00Z', 'en')).toBe('2026-03-02 00:30 Beijing time (UTC+8)');
  });
});
