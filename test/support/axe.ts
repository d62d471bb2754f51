import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { siteCssBytes } from '../../functions/http/pages/kit/assets';

/** A page with its stylesheet weighs under this (DESIGN.md, "Edge and pages"). */
export const pageWeightLimit = 60 * 1024;

/** The two screens every page is checked at: a phone and a laptop. */
export const screens = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

/** Every axe-core violation of any impact on the page as it is now, as readable lines (empty: none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact}) ${node.target.join(' ')}: ${violation.help}`),
  );
}

/**
 * Opens `path` in each language (the language switch's cookie) at each screen size and collects
 * every violation, each line naming the page, the language and the screen; also the page's weight
 * (its HTML and the stylesheet) and its `lang`.
 *
 * Opens `path` in each language (the language switch's cookie) at each screen size and collects
 * every violation, each line naming the page, the language and the screen.
 */
export async function axeEverywhere(context: BrowserContext, base: string, path: string): Promise<string[]> {
  const found: string[] = [];
  const page = await context.newPage();
  try {
    for (const lang of ['zh', 'en'] as const) {
      await context.addCookies([{ name: 'platform-lang', value: lang, url: base }]);
      for (const screen of screens) {
        await page.setViewportSize(screen);
        await page.goto(`${base}${path}`);
        const weight = Buffer.byteLength(await page.content()) + siteCssBytes;
        if (weight >= pageWeightLimit) found.push(`${path} ${lang} ${screen.width}px: weighs ${weight} bytes`);
        const expectedLang = lang === 'zh' ? 'zh-CN' : 'en';
        const htmlLang = await page.getAttribute('html', 'lang');
        if (htmlLang !== expectedLang) found.push(`${path} ${lang}: <html lang="${htmlLang}">`);
        const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
        if (scrollWidth > screen.width)
          found.push(`${path} ${lang} ${screen.width}px: scrolls sideways (${scrollWidth}px)`);
        for (const line of await axeViolations(page)) found.push(`${path} ${lang} ${screen.width}px: ${line}`);
      }
    }
  } finally {
    await page.close();
  }
  return found;
}
