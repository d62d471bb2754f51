import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxUploadBytes } from '../../shared/domain/limits/upload-size';
import type { Role } from '../../shared/domain/principal';
import { eventually } from '../support/eventually';
import {
  assignAndAccept,
  consentAfterDocumentChecks,
  fileAndJoin,
  filing,
  linkedParty,
  operator,
  registerCourt,
  registerMediator,
  registerOrganization,
  settleSignAndApply,
} from '../support/mediation-api';
import { addAddresses, CookieJar, csrfIn, mobile, secretsIn } from '../support/portal-fixtures';
import { type ServiceHarness, seedCourt, seedPerson, startServiceHarness } from '../support/service-harness';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A PDF-looking document of `size` bytes, different every time. */
function pdfOf(size: number): Uint8Array {
  const bytes = randomBytes(size);
  bytes.set(Buffer.from('%PDF-1.7\n'), 0);
  return bytes;
}

interface UploadOffer {
  documentId: string;
  upload: { method: 'PUT'; url: string; headers: Record<string, string>; expiresAt: string };
  maxBytes: number;
}

/** The client's side of a presigned upload: a real HTTP PUT of the bytes to the URL (s3rver on loopback). */
async function put(offer: UploadOffer, bytes: Uint8Array): Promise<Response> {
  return fetch(offer.upload.url, { method: offer.upload.method, headers: offer.upload.headers, body: bytes });
}

/**
 * The court's own ruling (issue 12, item 3), on the local stack through HTTP: the court uploads its
 * ruling through a presigned URL (real bytes PUT to s3rver), names it with its SHA-256 in the
 * decision, and exactly those bytes are served: the portal download and the court's copy of what
 * was served hash to what the court gave. A wrong hash, an oversized or foreign upload changes
 * nothing; another court and an anonymous caller are turned away.
 */
describe('the court’s own ruling', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceHarness();
  });
  afterAll(() => h?.stop());

  /** Bytes of a GET as `as`: the harness's `call` reads bodies as text. */
  async function download(path: string, as: [Role, string]) {
    const response = await h.app.request(path, {
      headers: { authorization: `Bearer ${await h.tokens.sign(...as)}` },
    });
    return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  async function offerFor(path: string, as: [Role, string] | undefined, mediaType = 'application/pdf') {
    return h.call('POST', path, { ...(as ? { as } : {}), body: { mediaType } });
  }

  it('serves the court’s uploaded ruling byte for byte, after refusing a wrong hash, an oversized or foreign upload', async () => {
    const { court, requestId, applicantPersonId, courtId } = await acceptedApplication(h);
    const otherCourt = await seedCourt(h.store, '深圳市南山区人民法院');
    const documents = `/v1/confirmation-requests/${requestId}/documents`;
    const decision = `/v1/confirmation-requests/${requestId}/decision`;
    const rulingDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const confirm = (document: { documentId: string; sha256: string }) => ({
      outcome: 'confirmed',
      rulingNumber: '(2026)粤0304民特99号',
      rulingDate,
      document,
    });

    // Who may ask for an upload URL: the court applied to only.
    const anonymous = await offerFor(documents, undefined);
    const foreign = await offerFor(documents, otherCourt.as);
    const asParty = await offerFor(documents, ['party', 'someone']);
    expect(anonymous.status).toBe(401);
    expect(foreign.status, foreign.text).toBe(404);
    expect(asParty.status).toBe(403);

    // The court uploads its ruling: real bytes, PUT to the presigned URL.
    const offered = await offerFor(documents, court);
    expect(offered.status, offered.text).toBe(201);
    const offer = offered.json as UploadOffer;
    expect(offer.documentId).toMatch(/^doc_[A-Za-z0-9_-]{22}$/);
    expect(offer.maxBytes).toBe(20 * 1024 * 1024);
    expect(new Date(offer.upload.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const ruling = pdfOf(300 * 1024);
    const uploaded = await put(offer, ruling);
    expect(uploaded.status).toBe(200);
    // The media type is signed (S3 refuses a PUT claiming another; s3rver checks no SigV4 signature),
    // and no checksum of an empty body is (the SDK's default would bind the URL to zero bytes).
    const signed = new URL(offer.upload.url).searchParams;
    expect(signed.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-type');
    expect(signed.get('X-Amz-Expires')).toBe('900');
    expect([...signed.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);

    // A wrong hash: 422, and the application stays undecided. What a decision would write: the
    // application, services (the case's milestone messages travel meanwhile and are left out).
    const decisionItems = async () =>
      (await h.allItems()).filter((item) => /^(CONFIRMATION|SERVICE)#/.test(String(item.pk)));
    const before = await decisionItems();
    const wrongHash = await h.call('POST', decision, {
      as: court,
      body: confirm({ documentId: offer.documentId, sha256: sha256(pdfOf(10)) }),
    });
    expect(wrongHash.status, wrongHash.text).toBe(422);
    expect(wrongHash.json).toMatchObject({ code: 'document_hash_mismatch' });
    expect(wrongHash.headers.get('content-type')).toMatch(/problem\+json/);

    // An upload over 20 MB (s3rver takes it; the platform does not): 422.
    const bigOffer = (await offerFor(documents, court)).json as UploadOffer;
    const big = pdfOf(maxUploadBytes + 1);
    expect((await put(bigOffer, big)).status).toBe(200);
    const oversized = await h.call('POST', decision, {
      as: court,
      body: confirm({ documentId: bigOffer.documentId, sha256: sha256(big) }),
    });
    expect(oversized.status, oversized.text).toBe(422);
    expect(oversized.json).toMatchObject({ code: 'document_too_large' });

    // An empty upload, and one never made: 422.
    const emptyOffer = (await offerFor(documents, court)).json as UploadOffer;
    expect((await put(emptyOffer, new Uint8Array(0))).status).toBe(200);
    const empty = await h.call('POST', decision, {
      as: court,
      body: confirm({ documentId: emptyOffer.documentId, sha256: sha256(new Uint8Array(0)) }),
    });
    expect(empty.json).toMatchObject({ code: 'document_empty' });
    const neverUploaded = (await offerFor(documents, court)).json as UploadOffer;
    const missing = await h.call('POST', decision, {
      as: court,
      body: confirm({ documentId: neverUploaded.documentId, sha256: sha256(ruling) }),
    });
    expect(missing.status, missing.text).toBe(422);
    expect(missing.json).toMatchObject({ code: 'document_missing' });

    // A document the same court uploaded elsewhere (to serve, not for this application) names nothing here.
    const elsewhereOffer = (await offerFor('/v1/services/documents', court)).json as UploadOffer;
    expect((await put(elsewhereOffer, ruling)).status).toBe(200);
    const elsewhere = await h.call('POST', decision, {
      as: court,
      body: confirm({ documentId: elsewhereOffer.documentId, sha256: sha256(ruling) }),
    });
    expect(elsewhere.json).toMatchObject({ code: 'document_missing' });

    // Another court cannot decide with it, nor learn that the application exists.
    const otherDecides = await h.call('POST', decision, {
      as: otherCourt.as,
      body: confirm({ documentId: offer.documentId, sha256: sha256(ruling) }),
    });
    expect(otherDecides.status).toBe(404);
    const anonymousDecides = await h.call('POST', decision, {
      body: confirm({ documentId: offer.documentId, sha256: sha256(ruling) }),
    });
    expect(anonymousDecides.status).toBe(401);

    // Nothing of that changed the application (the platform's own copies are only written for a good upload).
    const undecided = await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: court });
    expect(undecided.json.status).toBe('accepted');
    expect(undecided.json.decision).toBeUndefined();
    expect(await decisionItems()).toEqual(before);

    // The right hash: decided, naming the court's document.
    const decided = await h.call('POST', decision, {
      as: court,
      body: confirm({ documentId: offer.documentId, sha256: sha256(ruling).toUpperCase() }),
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json).toMatchObject({
      status: 'confirmed',
      decision: {
        document: {
          documentId: offer.documentId,
          sha256: sha256(ruling),
          size: ruling.byteLength,
          mediaType: 'application/pdf',
        },
      },
    });
    expect(JSON.stringify(decided.json)).not.toContain('rulings/');
    // The same decision again is a repeat; another document afterwards is a conflict.
    const repeated = await h.call('POST', decision, {
      as: court,
      body: confirm({ documentId: offer.documentId, sha256: sha256(ruling) }),
    });
    expect(repeated.status).toBe(200);
    const another = await h.call('POST', decision, {
      as: court,
      body: confirm({ documentId: elsewhereOffer.documentId, sha256: sha256(ruling) }),
    });
    expect(another.status).toBe(409);

    // Even if the court PUTs other bytes to its old URL now, what is served is what was checked.
    expect((await put(offer, pdfOf(1000))).status).toBe(200);

    // The ruling is served: the service's document is the court's bytes; the summary is its cover.
    // The applicant is sent its link (found by the attempt's reference, whichever address it went to).
    let view: { ruling?: { sha256: string; cover?: { sha256: string } }; rulingService?: { serviceId: string } } = {};
    let text = '';
    await eventually(
      'the applicant is sent the ruling',
      async () => {
        view = (await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: court })).json;
        expect(view.rulingService?.serviceId).toBeDefined();
        const service = await h.call('GET', `/v1/services/${view.rulingService?.serviceId}`, { as: court });
        const recipient = (
          service.json.recipients as Array<{ personId: string; attempts: Array<{ reference: string }> }>
        ).find((candidate) => candidate.personId === applicantPersonId);
        const reference = recipient?.attempts[0]?.reference;
        expect(reference).toBeDefined();
        text = h.gateway.messages().find((message) => message.message.includes(reference as string))?.message ?? '';
        expect(text).not.toBe('');
      },
      { timeout: 60_000 },
    );
    expect(view.ruling?.sha256).toBe(sha256(ruling));
    expect(view.ruling?.cover?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const serviceId = view.rulingService?.serviceId as string;
    const served = await download(`/v1/services/${serviceId}/document`, court);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('x-document-sha256')).toBe(sha256(ruling));
    expect(sha256(served.bytes)).toBe(sha256(ruling));
    expect((await download(`/v1/services/${serviceId}/document`, otherCourt.as)).status).toBe(404);
    const proof = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: court });
    expect(proof.json.document).toMatchObject({ sha256: sha256(ruling), size: ruling.byteLength });
    const summary = await h.documents.get(`rulings/${requestId}.json`);
    expect(JSON.parse(new TextDecoder().decode(summary?.content))).toMatchObject({ court: { courtId } });

    // The applicant opens the link in its SMS, proves who it is, and downloads exactly those bytes.
    const { token, code } = secretsIn(text);
    const jar = new CookieJar();
    const form = await visit(jar, 'GET', `/r/${token}`);
    const proved = await visit(jar, 'POST', `/r/${token}`, { csrf: csrfIn(form.text), code, idLastDigits: '1234' });
    expect(proved.status).toBe(303);
    const portal = await h.app.request(`/r/${token}/document`, { headers: { cookie: jar.header() } });
    expect(portal.status).toBe(200);
    const portalBytes = new Uint8Array(await portal.arrayBuffer());
    expect(portalBytes.byteLength).toBe(ruling.byteLength);
    expect(sha256(portalBytes)).toBe(sha256(ruling));
    expect(portal.headers.get('x-document-sha256')).toBe(sha256(ruling));
  }, 180_000);

  it('serves a document larger than the inline limit through an upload, and refuses a wrong hash or another court’s upload', async () => {
    const court = await seedCourt(h.store);
    const otherCourt = await seedCourt(h.store, '深圳市南山区人民法院');
    const person = await seedPerson(h.store);
    await court.addCase(person);
    await otherCourt.addCase(person);
    const offered = await offerFor('/v1/services/documents', court.as);
    expect(offered.status, offered.text).toBe(201);
    const offer = offered.json as UploadOffer;
    // Over the 4 MB that a request may carry inline.
    const document = pdfOf(5 * 1024 * 1024);
    expect((await put(offer, document)).status).toBe(200);
    const serve = (as: [Role, string], hash: string) =>
      h.call('POST', '/v1/services', {
        as,
        body: {
          document: {
            title: '民事裁定书 Ruling',
            kind: 'ruling',
            upload: { documentId: offer.documentId, sha256: hash },
          },
          recipients: [{ personId: person.personId }],
        },
      });

    // What serving would write: services (other cases' messages may still travel meanwhile).
    const services = async () => (await h.allItems()).filter((item) => String(item.pk).startsWith('SERVICE#'));
    const before = await services();
    const wrongHash = await serve(court.as, sha256(pdfOf(10)));
    const foreign = await serve(otherCourt.as, sha256(document));
    const anonymous = await h.call('POST', '/v1/services/documents', { body: { mediaType: 'application/pdf' } });
    expect(wrongHash.status, wrongHash.text).toBe(422);
    expect(wrongHash.json).toMatchObject({ code: 'document_hash_mismatch' });
    expect(foreign.status, foreign.text).toBe(422);
    expect(foreign.json).toMatchObject({ code: 'document_missing' });
    expect(anonymous.status).toBe(401);
    expect(await services()).toEqual(before);

    const created = await serve(court.as, sha256(document));
    expect(created.status, created.text).toBe(201);
    expect(created.json.document).toMatchObject({
      mediaType: 'application/pdf',
      size: document.byteLength,
      sha256: sha256(document),
    });
    const served = await download(`/v1/services/${created.json.serviceId}/document`, court.as);
    expect(sha256(served.bytes)).toBe(sha256(document));
    expect((await download(`/v1/services/${created.json.serviceId}/document`, operator)).status).toBe(200);
  }, 60_000);

  /** A page visit through app.request, with the jar's cookies, as a browser without script makes it. */
  async function visit(jar: CookieJar, method: 'GET' | 'POST', path: string, form?: Record<string, string>) {
    const response = await h.app.request(path, {
      method,
      headers: {
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    jar.take(response);
    return { status: response.status, text: await response.text() };
  }
});

/**
 * An application accepted for review by a court, reached through HTTP as the confirmation flow
 * reaches it: filed on the court's invitation, joined, mediated, settled, signed, applied for by
 * both parties; each party has an SMS number from a registration record (no designation document
 * needed: the recipient signs for the ruling in the portal).
 */
async function acceptedApplication(h: ServiceHarness) {
  const { courtId, as: court } = await registerCourt(h as never);
  const organizationId = await registerOrganization(h as never);
  const chosen = await registerMediator(h as never, organizationId);
  const mediator: ['mediator', string] = ['mediator', chosen.subjectId];

  const applicant = await linkedParty(h.httpDeps.vault);
  const { disputeId } = await fileAndJoin(h as never, applicant, filing({ courtId }));
  const parties = await consentAfterDocumentChecks(h as never, disputeId, applicant);
  await assignAndAccept(h as never, disputeId, { id: chosen.id, as: mediator });
  await settleSignAndApply(h as never, { disputeId, mediator, ...parties, courtId });
  const queue = await h.call('GET', '/v1/confirmation-requests?status=submitted', { as: court });
  const requestId = queue.json.items[0]?.requestId as string;

  const application = await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: court });
  expect(application.status, application.text).toBe(200);
  const people = application.json.parties as Array<{ personId: string; role: string }>;
  for (const person of people) {
    await addAddresses(h, person, [{ channel: 'sms', value: mobile(), source: 'registration_record' }]);
  }
  const acceptance = await h.call('POST', `/v1/confirmation-requests/${requestId}/acceptance`, {
    as: court,
    body: { accepted: true },
  });
  expect(acceptance.status, acceptance.text).toBe(200);
  const applicantPersonId = people.find((person) => person.role === 'applicant')?.personId as string;
  return { court, courtId, requestId, applicantPersonId };
}
