import { describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';
import { filing, freshMobile, invitationsOf, linkedParty } from '../support/mediation-api';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

const minutes = (n: number) => n * 60_000;

/** A clock that stands still until the test moves it, so `Retry-After` is exact. */
function frozenClock() {
  let now = Date.parse('2026-06-01T02:00:00.000Z');
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A filing whose respondent (ID ending DE1X) is reached at `phone`. */
function filingTo(phone: string) {
  const body = filing();
  const [first, second] = body.parties;
  return { ...body, parties: [first, { ...second, contact: { phone } }] };
}

async function fileTo(h: Harness, phone: string) {
  const filed = await h.call('POST', '/v1/disputes', { as: await linkedParty(h.deps.vault), body: filingTo(phone) });
  expect(filed.status, filed.text).toBe(201);
  const parties = await h.store.listByPrefix(`CASE#${filed.json.id}`, 'PARTY#');
  const respondent = parties.find((party) => party.attributes.role === 'respondent');
  return { disputeId: filed.json.id as string, partyId: String(respondent?.attributes.partyId) };
}

/**
 * A respondent invited at a fresh mobile, on a harness with a frozen clock, and `ask(client)`: a
 * request for a fresh code on its join link from that client address.
 */
async function invitedAskingCodes() {
  const clock = frozenClock();
  const h = await httpHarness({ clock });
  const phone = freshMobile();
  const dispute = await fileTo(h, phone);
  const [invitation] = await invitationsOf(h, dispute.disputeId);
  if (!invitation) throw new Error('no invitation');
  const ask = (client: string) =>
    h.call('POST', `/join/${invitation.token}/code`, {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'accept-language': 'en',
        'x-test-client-address': client,
      },
    });
  return { clock, h, phone, invitation, ask };
}

async function reinvite(h: Harness, dispute: { disputeId: string; partyId: string }) {
  return h.call('POST', `/v1/disputes/${dispute.disputeId}/invitations`, {
    as: await linkedParty(h.deps.vault),
    body: { partyId: dispute.partyId },
  });
}

/** Messages committed to `to`: what would be sent. */
async function messagesTo(h: Harness, to: string) {
  return (await h.allItems()).filter(
    (item) => String(item.pk).startsWith('MESSAGE#') && (item.content as { to?: string } | undefined)?.to === to,
  );
}

/** A join without consent (consent needs a verified identity; these tests are about the code). */
function joinForm(fields: { code: string; idLastDigits?: string }, client: string) {
  return {
    rawBody: new URLSearchParams({
      code: fields.code,
      idLastDigits: fields.idLastDigits ?? 'DE1X',
    }).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-test-client-address': client,
      'accept-language': 'en',
    },
  };
}

describe('sends another party triggers', () => {
  it('are capped at three a day per recipient with growing spacing: beyond, 429 with Retry-After and nothing sent', async () => {
    // Prepare: the filing sends the first invitation
    const clock = frozenClock();
    const h = await httpHarness({ clock });
    const phone = freshMobile();
    const dispute = await fileTo(h, phone);
    expect(await messagesTo(h, phone)).toHaveLength(1);

    // Act and assess: the second needs 10 minutes after the first
    const tooSoon = await reinvite(h, dispute);
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.headers.get('content-type')).toBe('application/problem+json');
    expect(tooSoon.json).toMatchObject({ status: 429, code: 'recipient_send_limit' });
    expect(tooSoon.headers.get('retry-after')).toBe(String(10 * 60));

    clock.advance(minutes(10));
    expect((await reinvite(h, dispute)).status).toBe(202);

    // The third needs an hour after the second
    clock.advance(minutes(30));
    const third = await reinvite(h, dispute);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe(String(30 * 60));
    clock.advance(minutes(30));
    expect((await reinvite(h, dispute)).status).toBe(202);

    // The fourth waits until the first is a day old, and changes nothing meanwhile
    clock.advance(minutes(120));
    const before = await h.allItems();
    const fourth = await reinvite(h, dispute);
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toBe(String((24 * 60 - 10 - 60 - 120) * 60));
    expect(await h.allItems()).toEqual(before);
    expect(await messagesTo(h, phone)).toHaveLength(3);

    clock.advance(minutes(24 * 60 - 10 - 60 - 120));
    expect((await reinvite(h, dispute)).status).toBe(202);
    expect(await messagesTo(h, phone)).toHaveLength(4);
  });

  it('count across disputes: filing against someone already sent three is refused whole, and writes nothing', async () => {
    const h = await httpHarness();
    const phone = freshMobile();
    await fileTo(h, phone);
    h.clock.advance(minutes(10));
    await fileTo(h, phone);
    h.clock.advance(minutes(60));
    await fileTo(h, phone);
    h.clock.advance(minutes(60));

    const before = await h.allItems();
    const refused = await h.call('POST', '/v1/disputes', {
      as: await linkedParty(h.deps.vault),
      body: filingTo(phone),
    });

    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await h.allItems()).toEqual(before);
  });

  it('are limited per recipient, not per sender: another respondent is invited at once', async () => {
    const h = await httpHarness();
    await fileTo(h, freshMobile());
    expect(
      (await h.call('POST', '/v1/disputes', { as: await linkedParty(h.deps.vault), body: filingTo(freshMobile()) }))
        .status,
    ).toBe(201);
  });

  it('revoke the previous invitation: its link and code open nothing, the new one works', async () => {
    const h = await httpHarness();
    const dispute = await fileTo(h, freshMobile());
    h.clock.advance(minutes(10));
    expect((await reinvite(h, dispute)).status).toBe(202);
    const [old, latest] = await invitationsOf(h, dispute.disputeId);
    if (!old || !latest) throw new Error('two invitations expected');

    expect((await h.call('GET', `/join/${old.token}`)).status).toBe(422);
    const withOld = await h.call('POST', `/join/${old.token}`, joinForm(old, '203.0.113.5'));
    expect(withOld.status).toBe(422);
    expect(withOld.text).toMatch(/A newer invitation replaced this one/);
    const withNew = await h.call('POST', `/join/${latest.token}`, joinForm(latest, '203.0.113.5'));
    expect(withNew.status).toBe(201);
  });

  it('refuses a re-invitation for a party of another dispute with 404 and writes nothing', async () => {
    const h = await httpHarness();
    const dispute = await fileTo(h, freshMobile());
    const before = await h.allItems();
    const wrongParty = await reinvite(h, { ...dispute, partyId: 'pty_nobody' });
    const badBody = await h.call('POST', `/v1/disputes/${dispute.disputeId}/invitations`, {
      as: await linkedParty(h.deps.vault),
      body: { partyId: dispute.partyId, to: '+8613900000000' },
    });
    expect(wrongParty.status).toBe(404);
    expect(badBody.status).toBe(400);
    expect(await h.allItems()).toEqual(before);
  });
});

describe("the addressee's own fresh codes", () => {
  it('have their own allowance: others using up theirs never keep the addressee from a fresh code', async () => {
    const h = await httpHarness();
    const phone = freshMobile();
    const dispute = await fileTo(h, phone);
    h.clock.advance(minutes(10));
    await reinvite(h, dispute);
    h.clock.advance(minutes(60));
    await reinvite(h, dispute);
    expect((await reinvite(h, dispute)).status).toBe(429);
    const latest = (await invitationsOf(h, dispute.disputeId)).at(-1);
    if (!latest) throw new Error('no invitation');

    const fresh = await h.call('POST', `/join/${latest.token}/code`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    });
    expect(fresh.status).toBe(202);
    const sent = await messagesTo(h, phone);
    const codeMessage = sent.find((item) => item.purpose === 'invitation_code');
    const code =
      /(?:验证码|code) (\d{6})/.exec((codeMessage?.content as { text?: string } | undefined)?.text ?? '')?.[1] ?? '';

    // The old code no longer works; the fresh one does.
    const oldCode = await h.call('POST', `/join/${latest.token}`, joinForm(latest, '203.0.113.6'));
    expect(oldCode.status).toBe(422);
    const joined = await h.call('POST', `/join/${latest.token}`, joinForm({ code }, '203.0.113.6'));
    expect(joined.status).toBe(201);
  });

  it('are themselves limited (five a day, spaced): beyond, 429 with Retry-After and nothing sent', async () => {
    const clock = frozenClock();
    const h = await httpHarness({ clock });
    const phone = freshMobile();
    const dispute = await fileTo(h, phone);
    const [invitation] = await invitationsOf(h, dispute.disputeId);
    if (!invitation) throw new Error('no invitation');
    const ask = () =>
      h.call('POST', `/join/${invitation.token}/code`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      });

    expect((await ask()).status).toBe(202);
    const tooSoon = await ask();
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.headers.get('retry-after')).toBe('60');
    expect(tooSoon.text).toMatch(/A new code was sent recently/);
    for (const gap of [1, 5, 15, 30]) {
      clock.advance(minutes(gap));
      expect((await ask()).status, `after ${gap} minutes`).toBe(202);
    }
    clock.advance(minutes(60));
    const before = await h.allItems();
    expect((await ask()).status).toBe(429);
    expect(await h.allItems()).toEqual(before);
    expect((await messagesTo(h, phone)).filter((item) => item.purpose === 'invitation_code')).toHaveLength(5);
  });

  it('are counted per asker: someone holding a copy of the link spends only its own, and the addressee still gets a fresh code', async () => {
    // Prepare: the invitation's link, copied by someone who asks from another address.
    const { clock, h, phone, invitation, ask } = await invitedAskingCodes();
    const holder = '198.51.100.66';
    const owner = '203.0.113.77';

    // Act: the holder asks as often as it may, spaced, then once more.
    expect((await ask(holder)).status).toBe(202);
    for (const gap of [1, 5, 15, 30]) {
      clock.advance(minutes(gap));
      expect((await ask(holder)).status, `after ${gap} minutes`).toBe(202);
    }
    clock.advance(minutes(60));
    const holderAgain = await ask(holder);
    const ownersAsk = await ask(owner);

    // Assess: the holder is refused, the addressee is not, and its fresh code lets it join.
    expect(holderAgain.status).toBe(429);
    expect(ownersAsk.status, ownersAsk.text).toBe(202);
    const codes = (await messagesTo(h, phone)).filter((item) => item.purpose === 'invitation_code');
    expect(codes).toHaveLength(6);
    const latest = codes
      .map((item) => ({ at: String(item.createdAt ?? ''), text: (item.content as { text?: string }).text ?? '' }))
      .sort((a, b) => a.at.localeCompare(b.at))
      .at(-1);
    const code = /(?:验证码|code) (\d{6})/.exec(latest?.text ?? '')?.[1] ?? '';
    const joined = await h.call('POST', `/join/${invitation.token}`, joinForm({ code }, owner));
    expect(joined.status, joined.text).toBe(201);
  });

  it('to one address are capped at twenty a day from every asker together, so many askers cannot flood it', async () => {
    const { h, phone, ask } = await invitedAskingCodes();
    const statuses: number[] = [];
    for (let client = 0; client < 21; client++) statuses.push((await ask(`198.51.100.${client + 1}`)).status);
    expect(statuses.slice(0, 20).every((status) => status === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect((await messagesTo(h, phone)).filter((item) => item.purpose === 'invitation_code')).toHaveLength(20);
  });

  it('go only to the address the invitation went to, and a forged link is 404', async () => {
    const h = await httpHarness();
    const phone = freshMobile();
    const dispute = await fileTo(h, phone);
    const [invitation] = await invitationsOf(h, dispute.disputeId);
    const before = await h.allItems();
    const forged = await h.call('POST', '/join/not-a-token/code', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    });
    expect(forged.status).toBe(404);
    expect(await h.allItems()).toEqual(before);

    await h.call('POST', `/join/${invitation?.token}/code`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      rawBody: new URLSearchParams({ phone: '+8613900000000' }).toString(),
    });
    const codes = (await h.allItems()).filter((item) => item.purpose === 'invitation_code');
    expect(codes.map((item) => (item.content as { to: string }).to)).toEqual([phone]);
  });
});

describe('wrong codes', () => {
  it('from others never lock the owner out: each client is held up alone, and the owner gets a fresh code', async () => {
    const h = await httpHarness();
    const phone = freshMobile();
    const dispute = await fileTo(h, phone);
    const [invitation] = await invitationsOf(h, dispute.disputeId);
    if (!invitation) throw new Error('no invitation');
    const wrong = invitation.code === '000000' ? '111111' : '000000';

    // Four attackers, five wrong tries each: each is held up after its fifth, and each answer
    // says how many of its own tries are left (4 … 0), not the link's
    for (const attacker of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) {
      const left: string[] = [];
      for (let i = 0; i < 5; i++) {
        const tried = await h.call('POST', `/join/${invitation.token}`, joinForm({ code: wrong }, attacker));
        expect(tried.status).toBe(422);
        left.push(/(\d+) tries left/.exec(tried.text)?.[1] ?? 'none');
      }
      if (attacker === '198.51.100.1') expect(left).toEqual(['4', '3', '2', '1', '0']);
      const heldUp = await h.call('POST', `/join/${invitation.token}`, joinForm(invitation, attacker));
      if (attacker === '198.51.100.4') continue; // its fifth was the twentieth wrong try: the code closed (below)
      expect(heldUp.status).toBe(429);
      // Held up until its first wrong try is 15 minutes old.
      expect(Number(heldUp.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
      expect(Number(heldUp.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    }

    // Twenty wrong tries of this code: it opens nothing more, not even for the owner...
    const owner = '203.0.113.77';
    const locked = await h.call('POST', `/join/${invitation.token}`, joinForm(invitation, owner));
    expect(locked.status).toBe(422);
    expect(locked.text).toMatch(/this link is locked until .* Beijing time \(UTC\+8\)/);

    // ...who asks for a fresh code through the same address, and joins with it
    const fresh = await h.call('POST', `/join/${invitation.token}/code`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-client-address': owner },
    });
    expect(fresh.status).toBe(202);
    const codeMessage = (await messagesTo(h, phone)).find((item) => item.purpose === 'invitation_code');
    const code =
      /(?:验证码|code) (\d{6})/.exec((codeMessage?.content as { text?: string } | undefined)?.text ?? '')?.[1] ?? '';
    const joined = await h.call('POST', `/join/${invitation.token}`, joinForm({ code }, owner));
    expect(joined.status).toBe(201);
  });

  it('from one client across many links are held up at twenty an hour', async () => {
    const h = await httpHarness();
    const attacker = '198.51.100.99';
    const statuses: number[] = [];
    for (let link = 0; link < 5; link++) {
      const dispute = await fileTo(h, freshMobile());
      const [invitation] = await invitationsOf(h, dispute.disputeId);
      if (!invitation) throw new Error('no invitation');
      const wrong = invitation.code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) {
        statuses.push((await h.call('POST', `/join/${invitation.token}`, joinForm({ code: wrong }, attacker))).status);
      }
    }
    expect(statuses.slice(0, 20).every((status) => status === 422)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
  });

  it('count only wrong guesses: people behind one address who each enter their right code are never held up', async () => {
    const h = await httpHarness();
    const office = '198.51.100.120';
    const statuses: number[] = [];
    for (let link = 0; link < 21; link++) {
      const dispute = await fileTo(h, freshMobile());
      const [invitation] = await invitationsOf(h, dispute.disputeId);
      if (!invitation) throw new Error('no invitation');
      statuses.push((await h.call('POST', `/join/${invitation.token}`, joinForm(invitation, office))).status);
    }
    expect(statuses).toEqual(Array.from({ length: 21 }, () => 201));
  }, 120_000);
});
