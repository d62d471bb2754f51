import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { expect } from 'vitest';
import { siteCssBytes } from '../../functions/http/pages/kit/assets';

/** The two screens every party page is checked at: a phone and a laptop. */
export const screens = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

/** The page budget (DESIGN.md, "Edge and pages"): HTML and CSS on the wire. */
export const pageBudgetBytes = 60 * 1024;

/** Chooses the page language as the switch does (its cookie), for every page after this. */
export async function chooseLanguage(context: BrowserContext, base: string, lang: 'zh' | 'en'): Promise<void> {
  await context.addCookies([{ name: 'platform-lang', value: lang, url: base }]);
}

/**
 * What every party page must be, checked where the page now stands (no reload, so a page that
 * answers a POST is checked as it was answered): axe-core finds no violation of any impact at
 * either screen size (the first one fails the test, with its rule, target and message); nothing
 * scrolls sideways; `<html lang>` is the chosen language; the page has its landmarks; HTML + CSS
 * are under 60 KB.
 */
export async function expectAGoodPage(page: Page, lang: 'zh' | 'en', document: Response | null): Promise<void> {
  expect(await page.getAttribute('html', 'lang')).toBe(lang === 'zh' ? 'zh-CN' : 'en');
  for (const landmark of ['header', 'main', 'footer']) expect(await page.locator(landmark).count()).toBe(1);
  for (const screen of screens) {
    await page.setViewportSize(screen);
    const results = await new AxeBuilder({ page }).analyze();
    const first = results.violations[0];
    expect(
      first,
      first
        ? `${page.url()} (${lang}, ${screen.width}px): ${first.id} [${first.impact}] ${first.help}: ${first.nodes
            .slice(0, 3)
            .map((node) => `${node.target.join(' ')} ${node.failureSummary ?? ''}`)
            .join('; ')}`
        : '',
    ).toBeUndefined();
    expect(
      await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
      `${page.url()} scrolls sideways at ${screen.width}px`,
    ).toBe(true);
  }
  await page.setViewportSize({ width: 320, height: 640 });
  expect(
    await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
    `${page.url()} scrolls sideways at 320px`,
  ).toBe(true);
  await page.setViewportSize(screens[0]);
  if (document) {
    const html = (await document.body()).byteLength;
    expect(html + siteCssBytes, `${page.url()} weighs ${html} B of HTML + ${siteCssBytes} B of CSS`).toBeLessThan(
      pageBudgetBytes,
    );
  }
}

/** Submits a form and answers the document the browser navigated to (for the weight check). */
export async function submit(page: Page, selector: string): Promise<Response | null> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return response;
}
