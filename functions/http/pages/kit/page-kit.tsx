/**
 * The page kit: every server-rendered page is written with it. A route handler works out what to
 * show, then answers `renderPage(c, { title, body, ... })`, where `title` is a `Bilingual` and
 * `body` is Hono JSX built from the kit's pieces: `say(lang, key)` for words from the bilingual
 * catalogue (./messages.ts; a page never writes user-facing text outside it or a `Bilingual`),
 * `<Field>`, `<ErrorSummary>` and `formStateFrom` for forms that keep their input and show each
 * error at its field (./form-kit.tsx), `beijingTime` for every time (./beijing-time.ts), and
 * `<ScrollRegion>` around every table. The page's language comes from `pageLang(c)` (the switch's
 * cookie, else `Accept-Language`; ./language.ts) and decides `<html lang>`; the layout adds the
 * skip link, the header with its navigation and the language switch, `<main>` and the footer, and
 * links the one stylesheet from /assets (no inline style, no script; a page that needs script
 * passes `script` and gets the CSP nonce on it). Pages work without JavaScript: every action is a
 * form POST answered with a page or a 303 to one.
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { signOutCsrf, signOutCsrfField } from '../session-cookies';
import { siteCssPath } from './assets';
import type { FormState } from './form-kit';
import { htmlLang, type Lang, pageLang, switchHref } from './language';
import { type Bilingual, say } from './messages';

export { beijingTime, isoInstant, lastDayText } from './beijing-time';
export {
  CarriedProof,
  CheckField,
  ErrorSummary,
  emptyForm,
  Field,
  type FormState,
  FreshCodeForm,
  formStateFrom,
  ProofFields,
} from './form-kit';
export { type Lang, pageLang } from './language';
export { type Bilingual, messages, money, refusalMessage, say, sayFrom } from './messages';

export interface PageOptions {
  title: Bilingual;
  body: (lang: Lang) => Child;
  /** Shows the signed-in party's navigation (my cases, filing, addresses, sign out). */
  signedIn?: boolean;
  status?: ContentfulStatusCode;
  headers?: Record<string, string>;
  /** True when the page shows a form's errors: the title says so first, as screen readers read it. */
  hasErrors?: boolean;
  /** A script URL on this origin; it gets the CSP nonce (the page's route must allow script). */
  script?: string;
}

/** Answers the page in the visitor's language. */
export function renderPage(c: Context, options: PageOptions): Response | Promise<Response> {
  const lang = pageLang(c);
  const here = `${c.req.path}${new URL(c.req.url).search}`;
  const nonce = options.script ? (c.get('secureHeadersNonce' as never) as string | undefined) : undefined;
  const page = (
    <Layout
      lang={lang}
      title={options.title}
      returnTo={c.req.method === 'GET' ? here : c.req.path}
      signedIn={options.signedIn ?? false}
      signOutCsrf={options.signedIn ? signOutCsrf.ensure(c) : undefined}
      hasErrors={options.hasErrors ?? false}
      script={options.script}
      nonce={nonce}
    >
      {options.body(lang)}
    </Layout>
  );
  return c.html(`<!doctype html>${page}`, options.status ?? 200, options.headers);
}

/**
 * A form's page: a refused form comes back with its 4xx status, and then the title says there are
 * errors first (`hasErrors`); `headers` only when given (a Retry-After, say).
 */
export function renderFormPage(
  c: Context,
  options: Omit<PageOptions, 'hasErrors' | 'headers'> & {
    status: ContentfulStatusCode;
    headers?: Record<string, string> | undefined;
  },
): Response | Promise<Response> {
  const { headers, ...page } = options;
  return renderPage(c, { ...page, ...(headers ? { headers } : {}), hasErrors: options.status >= 400 });
}

/**
 * A one-time link's form page (join, portal, signing): what the link shows, `view`, with the
 * form's state, at `status` (400 and up when the form has errors) and with any `headers` (a Retry-After).
 */
export type LinkFormPage<View, C extends Context = Context> = (
  c: C,
  view: View,
  form: FormState,
  status?: ContentfulStatusCode,
  headers?: Record<string, string>,
) => Response | Promise<Response>;

interface LayoutProps {
  lang: Lang;
  title: Bilingual;
  returnTo: string;
  signedIn: boolean;
  /** The sign-out form's CSRF token, on a signed-in page. */
  signOutCsrf?: string | undefined;
  hasErrors: boolean;
  script?: string | undefined;
  nonce?: string | undefined;
  children?: Child;
}

export function Layout(props: LayoutProps) {
  const { lang } = props;
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const title = `${props.hasErrors ? `${lang === 'zh' ? '错误：' : 'Error: '}` : ''}${props.title[lang]} · ${say(lang, 'platformName')}`;
  return (
    <html lang={htmlLang[lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href={siteCssPath} />
        {props.script ? <script src={props.script} nonce={props.nonce} defer /> : ''}
      </head>
      <body>
        <a class="skip" href="#main">
          {say(lang, 'skipToContent')}
        </a>
        <header>
          <div class="bar">
            <a class="brand" href={props.signedIn ? '/' : '/'}>
              {say(lang, 'platformName')}
            </a>
            {props.signedIn ? (
              <nav aria-label={say(lang, 'mainNav')}>
                <ul>
                  <li>
                    <a href="/">{say(lang, 'myCases')}</a>
                  </li>
                  <li>
                    <a href="/file">{say(lang, 'fileDispute')}</a>
                  </li>
                  <li>
                    <a href="/addresses">{say(lang, 'myAddresses')}</a>
                  </li>
                  <li>
                    <form method="post" action="/auth/sign-out" class="inline" data-testid="sign-out-form">
                      <input type="hidden" name={signOutCsrfField} value={props.signOutCsrf ?? ''} />
                      <button type="submit" class="link-button">
                        {say(lang, 'signOut')}
                      </button>
                    </form>
                  </li>
                </ul>
              </nav>
            ) : (
              ''
            )}
            <nav aria-label={say(lang, 'languageNav')}>
              <a href={switchHref(other, props.returnTo)} lang={htmlLang[other]} hreflang={htmlLang[other]}>
                {say(lang, 'switchTo')}
              </a>
            </nav>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer>
          <p>{say(lang, 'timesNote')}</p>
        </footer>
      </body>
    </html>
  );
}

/**
 * A table (or anything wide) that scrolls inside itself rather than the page: keyboard users reach
 * it (tabindex 0) and screen readers announce it by name (a labelled section is a region).
 */
export function ScrollRegion(props: { label: string; children?: Child }) {
  return (
    <section class="scroll" aria-label={props.label} tabindex={0}>
      {props.children}
    </section>
  );
}

/** A notice at the top of a page (done, or refused with nothing changed). */
export function Notice(props: { kind: 'ok' | 'error' | 'info'; children?: Child; testId?: string }) {
  return (
    <div class={`notice ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'} data-testid={props.testId}>
      {props.children}
    </div>
  );
}

/** The hidden double-submit token every form carries (session-cookies.ts). */
export function CsrfField(props: { value: string }) {
  return <input type="hidden" name="csrf" value={props.value} />;
}

/** Raw HTML that the kit itself produced (never a visitor's text). */
export const trusted = raw;
