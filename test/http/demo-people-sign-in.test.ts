import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterMediatorSignIns, seedLocalParties } from '../../infra/local/local-sign-in';
import { demoDisputes, demoIdentities } from '../../infra/local/seed/demo-disputes';
import { seedDemoData } from '../../infra/local/seed/seed-demo-data';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import { personSubjectId } from '../../shared/domain/identity/person-id';
import { linkedSubject } from '../../shared/use-cases/people/linked-subject';
import { CookieJarClient, partyToCallback, signInHarness, staffSignInToInbox } from '../support/sign-in-harness';

/*
 * The demo as `npm start` seeds it, signed in to as its people would: a demo applicant who signs
 * in with its own mobile at the local managed login sees its case at once, with no linking step
 * (and so does `npm run token -- party party-001` on the API); any demo mediator, not only
 * `mediator-001`, signs in to the inbox with the local password and TOTP secret; a name that is no
 * mediator's on the roster does not.
 */
describe('the demo people sign in to their own work', () => {
  let s: Awaited<ReturnType<typeof signInHarness>>;

  beforeAll(async () => {
    s = await signInHarness({ staffDirectory: (username) => rosterMediatorSignIns(s.h.store.roster)(username) });
    for (const identity of demoIdentities) s.identities.register(identity);
    await seedLocalParties(s.login);
    await seedDemoData(
      {
        storeFor: (clock) =>
          new DynamoStateStore({ client: s.h.client, tableName: s.h.tableName, clock, ids: randomIds }),
        vault: s.h.deps.vault,
        allowances: s.h.deps.allowances,
        calendar: chinaHolidayCalendar,
        publicBaseUrl: s.publicBaseUrl,
        clock: systemClock,
        identityVerifier: s.h.deps.identityVerifier,
      },
      // The disputes are what this is about: a few mediators are enough for a roster.
      { mediators: 3 },
    );
  }, 120_000);
  afterAll(async () => {
    await s?.identities.stop();
  });

  it('signs 陈晓明 in with the mobile he filed with and lists his dispute on /cases, with no linking step', async () => {
    // Prepare
    const { filing } = demoDisputes[0] as (typeof demoDisputes)[number];
    const applicant = filing.parties.find((party) => party.role === 'applicant');
    expect(applicant?.name).toBe('陈晓明');
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);

    // Act
    const callback = await partyToCallback(s, browser, (applicant?.contact.phone ?? '').replace('+86', ''));
    const back = await browser.request(callback);
    const cases = await browser.request('/cases');

    // Assess: straight to /cases (already linked), and the case is there.
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/cases');
    expect(cases.status).toBe(200);
    const mine = await s.h.call('GET', '/v1/disputes', { as: ['party', 'party-001'] });
    expect(mine.status).toBe(200);
    expect(mine.json.items).toHaveLength(1);
    const page = await cases.text();
    expect(page).toContain(mine.json.items[0].id);
  });

  it('links each person applicant’s sign-in to the person it files as; the company from Hong Kong is filed by the intake operator', async () => {
    for (const { filer, filing } of demoDisputes) {
      const applicant = filing.parties.find((party) => party.role === 'applicant');
      if (filer === undefined) {
        expect(applicant?.kind).toBe('company');
        continue;
      }
      // Act
      const linked = await linkedSubject(s.h.store, filer);
      const mine = await s.h.call('GET', '/v1/disputes', { as: ['party', filer] });

      // Assess: each sees its one dispute on the API, as its person.
      expect(linked).toBe(personSubjectId(await s.h.deps.vault.lookupHash(applicant?.idNumber ?? '')));
      expect(mine.status).toBe(200);
      expect(mine.json.items).toHaveLength(1);
    }
  });

  it('signs any mediator on the roster in to the inbox with the local password and TOTP, and no other name', async () => {
    // Prepare: mediator-003 has never signed in; the demo's password and secret are mediator-001's.
    const attempt = (username: string) => staffSignInToInbox(s, username);

    // Act
    const demo = await attempt('mediator-003');
    const others = await Promise.all(['mediator-000', 'mediator-004', 'party-001'].map(attempt));

    // Assess: the inbox, signed in; the other names are refused as a wrong password is.
    expect(demo.status).toBe(200);
    expect(demo.text).not.toContain('data-testid="managed-sign-in"');
    expect(demo.text).toMatch(/sign-out|退出/);
    expect(others.map((other) => other.status)).toEqual([400, 400, 400]);
  });
});
