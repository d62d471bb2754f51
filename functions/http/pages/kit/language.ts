import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { sameOriginPath } from '../../auth/pkce';
import { isHttps } from '../session-cookies';

/** The two languages every page is written in. */
export const langs = ['zh', 'en'] as const;
export type Lang = (typeof langs)[number];

/** What `<html lang>` says for each. */
export const htmlLang: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

export const langCookieName = 'platform-lang';
const langCookieSeconds = 365 * 24 * 60 * 60;

export function isLang(value: unknown): value is Lang {
  return value === 'zh' || value === 'en';
}

/**
 * The page's language: the one the visitor chose with the switch (a cookie), else the first of
 * Chinese or English in `Accept-Language` by its weight, else Chinese.
 */
export function pageLang(c: Context): Lang {
  const chosen = getCookie(c, langCookieName);
  if (isLang(chosen)) return chosen;
  return fromAcceptLanguage(c.req.header('accept-language'));
}

export function fromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'zh';
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((entry, index) => {
      const [tag = '', ...params] = entry.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh';
}

/** The switch's link: `/lang/en?return=/cases/…`. */
export function switchHref(to: Lang, returnTo: string): string {
  return `/lang/${to}?return=${encodeURIComponent(returnTo)}`;
}

/**
 * GET /lang/{lang}: remember the choice (a cookie the whole site reads, not readable by script) and
 * go back to the page the visitor was on (a path on this site only).
 */
export function rememberLang(c: Context): Response {
  const to = c.req.param('lang');
  const back = sameOriginPath(c.req.query('return'), '/');
  if (!isLang(to)) return c.redirect(back, 303);
  setCookie(c, langCookieName, to, {
    path: '/',
    httpOnly: true,
    secure: isHttps(c),
    sameSite: 'Lax',
    maxAge: langCookieSeconds,
  });
  return c.redirect(back, 303);
}
