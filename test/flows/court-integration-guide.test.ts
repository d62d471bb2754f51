import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../functions/http/route-table';
import { type IdentityProviderEmulator, startIdentityProvider } from '../../infra/local/identity-provider';
import { tokenEndpointPath, withLocalIssuer } from '../../infra/local/local-issuer';
import { HttpsIdentityVerifier } from '../../shared/adapters/identity-verifier/https-identity-verifier';
import type { WebhookSettings } from '../../shared/use-cases/webhooks/deps';
import { callbackContract } from '../support/callback-contract';
import { startCallbackReceiver } from '../support/callback-receiver';
import { eventually } from '../support/eventually';
import {
  atPath,
  fencedBlocks,
  GuideRunner,
  type GuideStep,
  guideSteps,
  type StepResult,
  shellLines,
} from '../support/guide-requests';
import {
  assignAndAccept,
  fileForTwoPeople,
  joinAsRespondent,
  linkedParty,
  operator,
  partyOf,
  registerMediator,
  registerOrganization,
  settleSignAndApply,
} from '../support/mediation-api';
import { residentIdNumber } from '../support/people-fixtures';
import { projectRoot } from '../support/project-root';
import { type ServiceHarness, startServiceHarness } from '../support/service-harness';

const guidePath = join(projectRoot, 'docs', 'court-integration.md');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const mobile = () => `+86137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/**
 * Issue 12, item 8: docs/court-integration.md is run, not only read. Its `step=` blocks are parsed
 * (curl's method, URL, headers and body; the `# expect/keep/until` lines) and run in order, over
 * real HTTP on loopback, against the embedded stack: the operator issues the court's credentials,
 * the court gets a token from /oauth2/token, registers its callbacks, takes the application from
 * its queue, accepts it (and meets the Idempotency-Key rules), uploads its ruling to the presigned
 * URL, decides naming the hash, and polls until the ruling is served; the served document hashes
 * to the upload, the proof verifies offline with `npm run verify-proof`, and every callback is
 * verified with `standardwebhooks`. The parties' side (filing, joining, settling, applying) is
 * driven by the test between the guide's steps, through HTTP and the pages, with no address added
 * by hand.
 */
describe('the court integration guide', () => {
  let h: ServiceHarness;
  let provider: IdentityProviderEmulator;
  let server: ServerType;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
  let base = '';
  const webhooks: WebhookSettings = {
    policy: { allowedHosts: ['127.0.0.1'] },
    schedule: { delaysMs: [300], windowMs: 30_000 },
  };

  beforeAll(async () => {
    provider = await startIdentityProvider();
    h = await startServiceHarness({
      webhooks,
      identityVerifier: new HttpsIdentityVerifier({ settings: async () => provider.settings }),
    });
    receiver = await startCallbackReceiver();
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: withLocalIssuer(h.tokens, h.app.fetch), port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started),
      );
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await receiver?.stop();
    await h?.stop();
    await provider?.stop();
  });

  it('names only routes the platform has, in every curl it shows', async () => {
    const markdown = await readFile(guidePath, 'utf8');
    const shown = fencedBlocks(markdown)
      .filter(({ info }) => info.startsWith('sh'))
      .flatMap(({ text }) => shellLines(text).map(({ line }) => line))
      .filter((line) => line.startsWith('curl '))
      .map((line) => {
        const method = /-X (\w+)/.exec(line)?.[1] ?? (/ -d | --data/.test(line) ? 'POST' : 'GET');
        const url = /"\$BASE(\/[^"?]*)/.exec(line)?.[1];
        return { line, method, path: url };
      })
      // The presigned upload goes to the document store, not to the API.
      .filter((request) => !request.line.includes('"$UPLOAD_URL"'));
    expect(shown.length).toBeGreaterThan(15);
    for (const { line, path } of shown) expect(path, `${line} names no "$BASE/…" URL`).toBeDefined();
    const routes = routeTable.map((route) => ({
      method: route.method,
      pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
    for (const { line, method, path } of shown) {
      if (path === tokenEndpointPath) continue; // Cognito's domain in AWS, the local issuer here
      const matches = routes.some((route) => route.method === method && route.pattern.test(path as string));
      expect(matches, `${method} ${path} (${line}) is no route of functions/http/route-table.ts`).toBe(true);
    }
  });

  it('runs the guide from credentials to a served ruling, as its requests are written', async () => {
    const markdown = await readFile(guidePath, 'utf8');
    const steps = guideSteps(markdown);
    const stepNamed = (name: string) => {
      const step = steps.find((candidate) => candidate.name === name);
      if (!step) throw new Error(`the guide has no step ${name}`);
      return step;
    };

    // Prepare: the court on the roster (the operator's registration), a ruling file, the operator's token.
    const registered = await h.call('POST', '/v1/courts', {
      as: operator,
      body: {
        name: '深圳市福田区人民法院',
        level: 'basic',
        regionCode: '440304',
        jurisdiction: { regions: ['440304'], caseTypes: [] },
      },
    });
    expect(registered.status, registered.text).toBe(201);
    const courtId = registered.json.id as string;
    const runner = new GuideRunner({
      BASE: base,
      COURT_ID: courtId,
      WEBHOOK_URL: receiver.url,
      OPERATOR_TOKEN: await h.tokens.sign(...operator),
    });
    const ruling = new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(60_000)]));
    runner.files.set('ruling.pdf', ruling);
    let offeredHeaders: Record<string, string> = {};

    /** What each step's answer must carry beyond its status; every step of the guide has an entry. */
    const checks: Record<string, (result: StepResult) => void | Promise<void>> = {
      credentials: ({ json, headers }) => {
        expect(headers?.get('cache-control')).toBe('no-store');
        expect(json).toMatchObject({
          courtId,
          scope: 'platform/court',
          tokenEndpoint: expect.stringMatching(/\/oauth2\/token$/),
        });
      },
      token: ({ json }) => expect(json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 }),
      webhook: ({ json }) =>
        expect(json).toMatchObject({ courtId, url: receiver.url, secret: expect.stringMatching(/^whsec_/) }),
      'webhook-deliveries': ({ json }) => expect(json).toMatchObject({ items: expect.any(Array) }),
      queue: ({ json }) => expect(atPath(json, '.items[0].status')).toBe('submitted'),
      application: ({ json }) => {
        const parties = atPath(json, '.parties') as Array<{ service: unknown; personId: string }>;
        expect(parties).toHaveLength(2);
        for (const party of parties) {
          expect(party.personId).toMatch(/^psn_/);
          expect(party.service).toMatchObject({ consented: true, reachable: true });
        }
      },
      acceptance: ({ json }) => expect(json).toMatchObject({ status: 'accepted', rulingDeadline: expect.any(Object) }),
      'acceptance-key-reused': ({ json, headers }) => {
        expect(headers?.get('content-type')).toMatch(/application\/problem\+json/);
        expect(json).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
      },
      extension: ({ json }) => expect(json).toMatchObject({ status: 'accepted', extended: true }),
      'upload-offer': ({ json }) => {
        expect(runner.variables.DOCUMENT_ID).toMatch(/^doc_/);
        expect(atPath(json, '.upload.method')).toBe('PUT');
      },
      'upload-put': ({ request }) => {
        // The guide's PUT carries exactly the headers the offer said it must (they are signed).
        expect(request?.headers).toEqual(lowercased(offeredHeaders));
      },
      decision: ({ json }) =>
        expect(json).toMatchObject({
          status: 'confirmed',
          decision: {
            document: { documentId: runner.variables.DOCUMENT_ID, sha256: sha256(ruling), size: ruling.byteLength },
          },
        }),
      'ruling-service': ({ json }) => {
        expect(atPath(json, '.ruling.sha256')).toBe(sha256(ruling));
        expect(atPath(json, '.rulingService.documentSha256')).toBe(sha256(ruling));
      },
      service: ({ json }) => {
        const recipients = atPath(json, '.recipients') as Array<{ status: string; rule: string }>;
        expect(recipients.map((recipient) => recipient.status)).toEqual(['served', 'served']);
        expect(atPath(json, '.document.sha256')).toBe(sha256(ruling));
      },
      'served-document': ({ headers, sha256sums }) => {
        // The served document's SHA-256 equals the uploaded one: header, bytes, and what sha256sum prints.
        expect(headers?.get('x-document-sha256')).toBe(sha256(ruling));
        expect(sha256(runner.file('served.pdf'))).toBe(sha256(ruling));
        expect(sha256sums['served.pdf']).toBe(runner.variables.RULING_SHA256);
      },
      proof: ({ json }) => {
        expect(atPath(json, '.document.sha256')).toBe(sha256(ruling));
        expect(atPath(json, '.recipients[0].served.rule')).toBe('delivered_to_recipient_designated_address');
      },
      'proof-key': () =>
        expect(new TextDecoder().decode(runner.file('proof-key.pem'))).toMatch(/^-----BEGIN PUBLIC KEY-----/),
      'verify-proof': ({ verifyProof }) => {
        expect(verifyProof?.exitCode, verifyProof?.stdout).toBe(0);
        expect(verifyProof?.stdout).toMatch(/^holds: proof of service srv_/);
      },
      verify: ({ json }) =>
        expect(json).toMatchObject({
          reference: runner.variables.REFERENCE,
          genuine: true,
          issuer: '深圳市福田区人民法院',
        }),
    };
    expect(steps.map((step) => step.name).sort()).toEqual(Object.keys(checks).sort());

    /** Runs one guide step (polling while its `# until:` does not hold) and checks its answer. */
    const runStep = async (step: GuideStep) => {
      const result = step.until
        ? await eventually(
            `${step.name}: ${step.until.path} is ${step.until.value}`,
            async () => {
              const polled = await runner.run(step);
              expect(atPath(polled.json, step.until?.path ?? ''), polled.text).toBe(step.until?.value);
              return polled;
            },
            { timeout: 60_000, interval: 500 },
          )
        : await runner.run(step);
      if (step.expect !== undefined) expect(result.status, `${step.name}: ${result.text}`).toBe(step.expect);
      await checks[step.name]?.(result);
      return result;
    };

    /** Hooks: what happens around the guide's steps that the guide does not do itself. */
    const before: Record<string, () => Promise<void>> = {
      // The parties' side, until every party has applied: then the court is called back.
      queue: async () => {
        await caseReachesTheCourt(h, provider, courtId);
        await eventually(
          'the court is told application.submitted',
          () => expect(verified().map((event) => event.type)).toContain('application.submitted'),
          { timeout: 40_000 },
        );
      },
      // The one-minute checkpointer, so the proof's chains are signed through their heads.
      proof: async () => {
        await h.checkpoint();
      },
    };
    const after: Record<string, (result: StepResult) => Promise<void>> = {
      acceptance: async (first) => {
        // The same request again: the first answer, replayed, and nothing done twice.
        const again = await runner.run(stepNamed('acceptance'));
        expect(again.status).toBe(200);
        expect(again.headers?.get('idempotent-replayed')).toBe('true');
        expect(again.json).toEqual(first.json);
      },
      'upload-offer': async (result) => {
        offeredHeaders = atPath(result.json, '.upload.headers') as Record<string, string>;
      },
    };

    const verified = () => {
      const verifier = new Webhook(runner.variables.WEBHOOK_SECRET ?? '');
      return receiver.received.map(
        (request) =>
          verifier.verify(request.body, request.headers as Record<string, string>) as {
            type: string;
            data: Record<string, unknown>;
          },
      );
    };

    // Act and assess: every step, in the guide's order.
    for (const step of steps) {
      await before[step.name]?.();
      const result = await runStep(step);
      await after[step.name]?.(result);
    }

    // The callbacks the guide promises, each verified as a Standard Webhooks receiver verifies it.
    const serviceId = runner.variables.SERVICE_ID;
    await eventually(
      'both parties served and the service completed are called back',
      () => {
        const types = verified().map((event) => event.type);
        expect(types.filter((type) => type === 'service.recipient_served')).toHaveLength(2);
        expect(types).toContain('service.completed');
      },
      { timeout: 40_000 },
    );
    const events = verified();
    expect(events.find((event) => event.type === 'application.submitted')?.data).toMatchObject({
      requestId: runner.variables.REQUEST_ID,
      courtId,
    });
    expect(events.find((event) => event.type === 'service.completed')?.data).toMatchObject({
      serviceId,
      recipients: [{ status: 'served' }, { status: 'served' }],
    });
    // Each as the served document's `webhooks` describe it, and nothing it does not describe.
    const conforms = callbackContract((await (await fetch(`${base}/openapi.json`)).json()) as Record<string, unknown>);
    expect(events.flatMap((event) => conforms(event))).toEqual([]);
    const stranger = new Webhook(`whsec_${Buffer.from('not the court secret').toString('base64')}`);
    expect(() => stranger.verify(receiver.received[0]?.body ?? '', receiver.received[0]?.headers as never)).toThrow();
    // And the delivery log (the guide's step again) lists each as delivered.
    await eventually(
      'each callback is listed as delivered',
      async () => {
        const log = await runner.run(stepNamed('webhook-deliveries'));
        const items = atPath(log.json, '.items') as Array<{ eventId: string; outcome: string }>;
        expect(new Set(items.filter((item) => item.outcome === 'delivered').map((item) => item.eventId))).toEqual(
          new Set(receiver.received.map((request) => request.headers['webhook-id'])),
        );
      },
      { timeout: 40_000 },
    );
  }, 240_000);
});

function lowercased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * The parties' side, through HTTP and the pages as in test/flows/case-reaches-its-people.test.ts:
 * the applicant files for itself with its consent and an email, giving the respondent's mobile;
 * the respondent joins with its phone and email; a mediator settles; both sign and apply to the
 * court. Both parties are verified by the identity provider emulator (carrier check), so their
 * own contacts are service addresses; no address is added by hand.
 */
async function caseReachesTheCourt(h: ServiceHarness, provider: IdentityProviderEmulator, courtId: string) {
  const applicantMobile = mobile();
  const respondentMobile = mobile();
  const applicantId = residentIdNumber('19900101');
  const respondentId = residentIdNumber('19851212');
  provider.register({ idNumber: applicantId, name: '张三', mobile: applicantMobile });
  provider.register({ idNumber: respondentId, name: '王五', mobile: respondentMobile });
  const organizationId = await registerOrganization(h as never);
  const chosen = await registerMediator(h as never, organizationId, {
    contact: { email: `mediator-${randomBytes(4).toString('hex')}@example.com` },
  });
  const mediator: ['mediator', string] = ['mediator', chosen.subjectId];

  const applicant = await linkedParty(h.httpDeps.vault, applicantId);
  const { disputeId, invitation, applicantParty, respondentParty } = await fileForTwoPeople(h as never, {
    as: applicant,
    courtId,
    applicant: {
      idNumber: applicantId,
      mobile: applicantMobile,
      email: `applicant-${randomBytes(4).toString('hex')}@example.com`,
    },
    respondent: { idNumber: respondentId, mobile: respondentMobile },
  });

  const joined = await joinAsRespondent(
    h.app,
    invitation,
    { phone: respondentMobile, email: `respondent-${randomBytes(4).toString('hex')}@example.com` },
    respondentId.slice(-4),
  );
  expect(joined.status, await joined.clone().text()).toBe(201);
  const respondent: ['party', string] = [
    'party',
    String((await partyOf(h as never, disputeId, 'respondent')).subjectId),
  ];

  await assignAndAccept(h as never, disputeId, { id: chosen.id, as: mediator });
  await settleSignAndApply(h as never, {
    disputeId,
    mediator,
    applicant: { as: applicant, partyId: applicantParty.partyId },
    respondent: { as: respondent, partyId: respondentParty.partyId },
    courtId,
  });
}
