import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { putOrganization } from '../support/settlement-fixtures';
import { signInHarness, staffSignInToInbox } from '../support/sign-in-harness';

/*
 * An operator registers a mediator who has no sign-in yet: the platform creates the staff account
 * for the mediator's email at the managed login (the local one here, the staff pool in AWS),
 * invites them by email, and the mediator signs in to the inbox as the roster's mediator.
 */
describe('POST /v1/mediators without a subjectId', () => {
  let s: Awaited<ReturnType<typeof signInHarness>>;
  let organizationId: string;

  beforeAll(async () => {
    s = await signInHarness();
    organizationId = (await putOrganization(s.h.store, { regionCode: '440304' })).id;
  }, 60_000);

  const register = async (body: Record<string, unknown>) => {
    const response = await s.app.request('/v1/mediators', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await s.h.tokens.sign('operator', 'operator-001')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'Zhou Min',
        organizationId,
        specialties: ['labour'],
        languages: ['zh'],
        regions: ['440304'],
        online: true,
        capacity: 3,
        crossBorderQualified: false,
        ...body,
      }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  const mailTo = async (address: string) => {
    const store = (await (await fetch(`${inject('stack').ses}/store`)).json()) as {
      emails: Array<{ destination: { to: string[] }; subject: string; body: { text?: string } }>;
    };
    return store.emails.filter((mail) => mail.destination.to.includes(address));
  };

  it('creates the staff sign-in for the contact email, invites them, and they sign in to the inbox as that mediator', async () => {
    // Prepare
    const email = `mediator-${randomBytes(4).toString('hex')}@example.org`;

    // Act
    const registered = await register({ contact: { email } });
    const inbox = await staffSignInToInbox(s, email);

    // Assess: a new subject on the roster, an invitation naming the username, the inbox signed in.
    expect(registered.status, JSON.stringify(registered.json)).toBe(201);
    const subjectId = registered.json.subjectId as string;
    expect(subjectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await s.h.store.roster.mediatorIdOfSubject(subjectId)).toBe(registered.json.id);
    const invitations = await mailTo(email);
    expect(invitations).toHaveLength(1);
    expect(invitations[0]?.body.text).toContain(`Username: ${email}`);
    expect(inbox.status).toBe(200);
    expect(inbox.text).not.toContain('data-testid="managed-sign-in"');
  });

  it('refuses the same person a second time (422 mediator_subject_taken) and sends no second invitation', async () => {
    // Prepare
    const email = `mediator-${randomBytes(4).toString('hex')}@example.org`;
    expect((await register({ contact: { email } })).status).toBe(201);
    const before = await s.h.allItems();

    // Act
    const again = await register({ name: 'Zhou Min again', contact: { email, phone: '+8613800138000' } });

    // Assess
    expect(again.status).toBe(422);
    expect(again.json.code).toBe('mediator_subject_taken');
    expect(await s.h.allItems()).toEqual(before);
    expect(await mailTo(email)).toHaveLength(1);
  });

  it('answers 400 at subjectId when there is neither a subjectId nor an email to create the sign-in with', async () => {
    // Prepare
    const before = await s.h.allItems();

    // Act
    const refused = await register({ contact: { phone: '+8613800138001' } });

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('subjectId') })]),
    );
    expect(await s.h.allItems()).toEqual(before);
  });

  it('creates no account when the registration is refused for another reason', async () => {
    // Prepare
    const email = `mediator-${randomBytes(4).toString('hex')}@example.org`;

    // Act
    const refused = await register({ contact: { email }, organizationId: 'org_missing' });

    // Assess
    expect(refused.status).toBe(422);
    expect(refused.json.code).toBe('unknown_organization');
    expect(s.login.hasStaffUser(email)).toBe(false);
    expect(await mailTo(email)).toHaveLength(0);
  });

  it('refuses an email that signs in as an operator (422 staff_account_other_role), and leaves that account as it is', async () => {
    // Prepare: an operator's account at the managed login.
    const email = `operator-${randomBytes(4).toString('hex')}@example.org`;
    const { sub } = await s.login.addStaffUser({
      username: email,
      password: 'x',
      totpSecret: 'A',
      groups: ['operator'],
    });
    const before = await s.h.allItems();

    // Act
    const refused = await register({ contact: { email } });

    // Assess
    expect(refused.status).toBe(422);
    expect(refused.json.code).toBe('staff_account_other_role');
    expect(await s.h.store.roster.mediatorIdOfSubject(sub)).toBeUndefined();
    expect(await s.h.allItems()).toEqual(before);
  });
});
