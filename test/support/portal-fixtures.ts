import { expect } from 'vitest';
import type { Role } from '../../shared/domain/principal';
import { designationBy } from './designation-evidence';
import { eventually } from './eventually';
import { pdf, type SeededPerson, type ServiceHarness, seedPerson } from './service-harness';

export const operator: ['operator', string] = ['operator', 'op-portal'];

/** A CN mobile number no other test uses (139 + 8 digits). */
export const mobile = () => `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** The portal link's token, the code and the reference, as the recipient reads them in the message. */
export function secretsIn(text: string) {
  const token = /\/r\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
  const code = /(?:验证码|code) (\d{6})/.exec(text)?.[1];
  if (!token || !code) throw new Error(`no link or code in ${text}`);
  return { token, code };
}

/**
 * The body that adds `addresses`, each observed now; a designated one with a designation document
 * uploaded by `as` (one for the request), as the route requires.
 */
export async function addressesBody(
  h: Pick<ServiceHarness, 'call'>,
  addresses: Array<Record<string, unknown>>,
  as: [Role, string] = operator,
) {
  const designated = addresses.some((address) => address.source === 'recipient_designated');
  const evidence = designated ? await designationBy(h, as) : undefined;
  return {
    addresses: addresses.map((address) => ({
      observedAt: new Date().toISOString(),
      ...(address.source === 'recipient_designated' ? { evidence } : {}),
      ...address,
    })),
  };
}

/** Adds addresses as an operator (see `addressesBody`). */
export async function addAddresses(
  h: ServiceHarness,
  person: Pick<SeededPerson, 'personId'>,
  addresses: Array<Record<string, unknown>>,
) {
  const response = await h.call('POST', `/v1/parties/${person.personId}/addresses`, {
    as: operator,
    body: await addressesBody(h, addresses),
  });
  expect(response.status, response.text).toBe(200);
}

export async function serve(
  h: ServiceHarness,
  person: SeededPerson,
  as: [Role, string] = operator,
  title = '民事裁定书 Ruling',
) {
  const response = await h.call('POST', '/v1/services', {
    as,
    body: {
      document: { title, kind: 'ruling', mediaType: 'application/pdf', contentBase64: pdf() },
      recipients: [{ personId: person.personId }],
    },
  });
  expect(response.status, response.text).toBe(201);
  return {
    serviceId: response.json.serviceId as string,
    recipientId: response.json.recipients[0].recipientId as string,
    sha256: response.json.document.sha256 as string,
  };
}

/** A person with one registration-record number (delivery alone does not serve), served; the SMS read. */
export async function servedBySms(
  h: ServiceHarness,
  court?: { as: [Role, string]; addCase: (...persons: SeededPerson[]) => Promise<string> },
) {
  const person = await seedPerson(h.store);
  const phone = mobile();
  await addAddresses(h, person, [{ channel: 'sms', value: phone, source: 'registration_record' }]);
  if (court) await court.addCase(person);
  const service = await serve(h, person, court?.as ?? operator);
  await eventually('one SMS reaches the recipient', () => h.smsTo(phone).length === 1, { timeout: 15_000 });
  const text = h.smsTo(phone)[0]?.message ?? '';
  return { person, phone, text, ...service, ...secretsIn(text) };
}

/** Cookies across `app.request` calls, as a browser keeps them (names only; paths ignored). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (!pair || at < 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** The hidden CSRF field of the first form on a page. */
export function csrfIn(page: string): string {
  const value = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!value) throw new Error('no csrf field on the page');
  return value;
}

/** A page visit through app.request, with the jar's cookies, as a browser without script makes it. */
export async function visit(
  h: ServiceHarness,
  jar: CookieJar,
  method: 'GET' | 'POST',
  path: string,
  form?: Record<string, string>,
  client?: string,
) {
  const response = await h.app.request(path, {
    method,
    headers: {
      cookie: jar.header(),
      // The client the request comes from (the harness's test-only stand-in for the source address).
      ...(client ? { 'x-test-client-address': client } : {}),
      'user-agent': 'portal-test/1.0',
      // Page tests read the pages in English (they come in the visitor's language).
      'accept-language': 'en',
      // A browser's form post carries its page's origin.
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  jar.take(response);
  return { status: response.status, headers: response.headers, text: await response.text(), response };
}
