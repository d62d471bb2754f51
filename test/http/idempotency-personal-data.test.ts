import { describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';
import { mediatorRegistration, operator, registerOrganization } from '../support/mediation-api';

describe('a stored idempotent answer', () => {
  it('keeps no personal data readable, and a replay still gives the first answer', async () => {
    // Prepare: a mediator's registration carries a name, a phone, an email and an ID number to screen
    const h = await httpHarness();
    const organizationId = await registerOrganization(h);
    const personal = {
      name: 'Ouyang Zhiyuan',
      phone: '+8613712345670',
      email: 'ouyang.zhiyuan@mediators.example',
      idNumber: '440301198805051237',
    };
    const body = mediatorRegistration(organizationId, {
      name: personal.name,
      contact: { phone: personal.phone, email: personal.email },
      conflictIdNumbers: [personal.idNumber],
    });
    const register = () =>
      h.call('POST', '/v1/mediators', { as: operator, body, headers: { 'idempotency-key': 'register-ouyang-1' } });

    // Act
    const first = await register();
    const replay = await register();

    // Assess: the answer itself has the personal data (the caller's own), the stored item none of it
    expect(first.status, first.text).toBe(201);
    expect(first.text).toContain(personal.phone);
    const stored = (await h.allItems()).filter((item) => String(item.pk).startsWith('IDEMPOTENCY#'));
    expect(stored).toHaveLength(1);
    const text = JSON.stringify(stored);
    for (const value of [
      personal.name,
      'Ouyang',
      personal.phone,
      personal.phone.slice(3),
      personal.email,
      'ouyang.zhiyuan',
      personal.idNumber,
    ]) {
      expect(text, value).not.toContain(value);
    }
    expect(stored[0]).toMatchObject({ state: 'completed', response: { status: 201, sealedBody: expect.any(String) } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(first.text);
  });
});
