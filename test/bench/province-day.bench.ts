import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCredentials } from '../../infra/local/emulators';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { outboxPendingIndexes } from '../../shared/adapters/dynamodb/table-schema';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { uploadedDesignation } from '../support/designation-evidence';
import { filing } from '../support/mediation-api';
import { benchApplicantId, linkedFilerSubject } from './linked-filers';
import { bounded, PlatformLink, pause } from './province-day/load-client';
import { type Recipient, seedCourtCase, seedRecipient } from './province-day/people';
import { killChild, type Running, startChild, stopChild } from './province-day/platform-control';
import {
  describeRuns,
  executionOutcomes,
  failedExecutions,
  Operator,
  outageUntilAFailure,
  reconcilerRuns,
  sendRetriesSeconds,
} from './province-day/recovery';
import {
  countByAddress,
  type Email,
  MailLog,
  platformMessageIdOf,
  repeated,
  type Sms,
  smsSent,
} from './province-day/sends';
import {
  emptyTally,
  readTotal,
  sumTallies,
  tallyBetween,
  type UnitsTally,
  writeTotal,
} from './province-day/units-meter';
import { type Benchmark, type BenchRow, fixed } from './types';

/**
 * Issue 15, part 7: a province's day on the local stack. `PROVINCE_SCALE` (default 1, the full day:
 * 10,000 disputes filed, 50,000 services to 100,000 recipients) scales every count; the section's
 * title and first row say the scale, so a small run is never read as the full day. Never part of
 * `npm test` or CI: the full day takes hours on two cores.
 *
 * The platform runs in its own process (province-day/platform-child.ts) on one data directory and
 * is killed (SIGKILL) twice during the services, at a third and two thirds of them, then started
 * again on the same data; open workflow executions resume at the start. After the second restart
 * the SMS gateway answers every Publish with Throttling until the deliveries that began early in
 * it have run out of retries (about 5 minutes) and the reconciler (every 20 s here, no automatic
 * redrives) has listed one for the operators; the bench, as the operator, then redrives each
 * failed execution through the operator route. The load is this process's own bounded client
 * (province-day/load-client.ts).
 *
 * Measured here (2 shared cores): scale 0.01 takes about 10 minutes; linear in the counts, the full
 * day would take about 15-17 hours. (The local SMS gateway used to rewrite its whole message list
 * on every send and receipt, which grew with the square of the day's SMS; it appends a journal
 * line now.) Knobs: PROVINCE_CONCURRENCY (8), PROVINCE_RECEIPT_SECONDS (300),
 * PROVINCE_RECONCILER_SECONDS (20), PROVINCE_OUTAGE_MAX_SECONDS (900).
 */

const scale = Number(process.env.PROVINCE_SCALE ?? 1);
const concurrency = Number(process.env.PROVINCE_CONCURRENCY ?? 8);
/** Receipt waits of the platform: long, so that a loaded machine's late receipts are not what is measured. */
const receiptSeconds = Number(process.env.PROVINCE_RECEIPT_SECONDS ?? 300);
/** The reconciler's interval in the platform: short, so that its runs are seen within the day. */
const reconcilerSeconds = Number(process.env.PROVINCE_RECONCILER_SECONDS ?? 20);
/** Outbox items pending longer than this are the reconciler's (as in AWS: on a loaded machine the relay lags minutes). */
const staleAfterSeconds = 300;
/**
 * The SMS outage ends once a delivery has failed after its retries (275 s of waits, plus the tries
 * themselves) and is listed; this is its limit if none does.
 */
const outageMaxSeconds = Number(process.env.PROVINCE_OUTAGE_MAX_SECONDS ?? 900);
const counts = {
  disputes: Math.max(1, Math.round(10_000 * scale)),
  services: Math.max(3, Math.round(50_000 * scale)),
};
const recipientCount = 2 * counts.services;
const scaleText = `scale ${scale}: ${counts.disputes.toLocaleString('en')} disputes, ${counts.services.toLocaleString('en')} services, ${recipientCount.toLocaleString('en')} recipients`;

interface RecipientStatus {
  recipientId: string;
  personId: string;
  status: string;
  unservedReason?: string;
  attempts: Array<{
    channel: string;
    reference: string;
    messageStatus: string;
    sentAt?: string;
    purpose?: string;
    outcome?: string;
  }>;
}

export const provinceDay: Benchmark = {
  name: 'province-day',
  onlyWhenNamed: true,
  title: `A province's day, measured (${scale === 1 ? 'the full day' : `${scaleText}, not the full day`})`,
  description:
    "Issue 15 part 7: a province's day on the local stack, the platform in a process of its own: disputes " +
    'filed (each naming its own respondent company), then services by a court, two recipients each (one by ' +
    'SMS, one by email, designated addresses), with delivery events from the SMS gateway and SES emulator; ' +
    'the platform killed (SIGKILL) twice during the services and started again on the same data. Per route: ' +
    'count, throughput, p50/p99 from the client. Per phase: DynamoDB request units by the documented rules, ' +
    'counted inside the platform process, per business operation. At the end: served share, sends lost and ' +
    'duplicated (both must be 0), failed executions and their redrive. `PROVINCE_SCALE` scales the day ' +
    '(1 = 10,000 disputes, 50,000 services, 100,000 recipients).',
  async run() {
    const dayStarted = performance.now();
    const tag = randomBytes(3).toString('hex');
    const dataDir = await mkdtemp(join(tmpdir(), 'bench-province-'));
    const unitsDir = await mkdtemp(join(tmpdir(), 'bench-province-units-'));
    const lives: Running[] = [];
    const reconcilerFile = join(unitsDir, 'reconciler-runs.jsonl');
    const start = async () => {
      const running = await startChild(dataDir, join(unitsDir, `life-${lives.length + 1}.json`), receiptSeconds, {
        file: reconcilerFile,
        everyMs: reconcilerSeconds * 1000,
        staleAfterMs: staleAfterSeconds * 1000,
      });
      lives.push(running);
      return running;
    };
    const link = new PlatformLink(await start());
    const units = () => unitsNow(unitsDir);
    const mail = new MailLog();
    try {
      // Phase 1: filings, each by a new applicant (through its linked sign-in) against a company no other filing names.
      const subjectOf = await linkedFilerSubject(dataDir);
      const beforeFilings = await units();
      const dayUnitsStart = beforeFilings;
      const filingsStarted = performance.now();
      await bounded(counts.disputes, concurrency, async (n) => {
        const answer = await link.call('POST /v1/disputes', 'POST', '/v1/disputes', {
          token: async (running) => running.tokens.sign('party', await subjectOf(benchApplicantId(n))),
          body: filingAgainstItsOwnCompany(tag, n),
          idempotencyKey: `filing-${tag}-${n}`,
        });
        if (answer.status !== 201) throw new Error(`filing ${n} answered ${answer.status}: ${answer.text}`);
      });
      await outboxDrained(link.running);
      const filingSeconds = (performance.now() - filingsStarted) / 1000;
      const filingUnits = unitsBetween(beforeFilings, await units()).total;

      // Setup (not load): the court, and the recipients as intake leaves them, through the bench's own client.
      const setupStarted = performance.now();
      const clientId = `province${tag}`;
      const court = await link.call('setup: POST /v1/courts', 'POST', '/v1/courts', {
        body: {
          name: '深圳市福田区人民法院',
          level: 'basic',
          regionCode: '440304',
          jurisdiction: { regions: ['440304'], caseTypes: [] },
          clientId,
        },
      });
      if (court.status !== 201) throw new Error(`the court was not registered: ${court.text}`);
      const courtId = (court.json as { id: string }).id;
      const recipients = await seedRecipients(link.running, courtId, tag);
      const setupSeconds = (performance.now() - setupStarted) / 1000;

      // Phase 2: each recipient's designated address, added by an operator.
      const beforeAddresses = await units();
      await bounded(recipients.length, concurrency, async (n) => {
        const recipient = recipients[n] as Recipient;
        const answer = await link.call(
          'POST /v1/parties/{id}/addresses',
          'POST',
          `/v1/parties/${recipient.personId}/addresses`,
          {
            body: {
              addresses: [
                {
                  channel: recipient.channel,
                  value: recipient.address,
                  source: 'recipient_designated',
                  observedAt: new Date().toISOString(),
                  evidence: await uploadedDesignation(() =>
                    link.call('setup: POST /v1/services/documents', 'POST', '/v1/services/documents', {
                      body: { mediaType: 'application/pdf' },
                    }),
                  ),
                },
              ],
            },
            idempotencyKey: `address-${tag}-${n}`,
          },
        );
        if (answer.status !== 200) throw new Error(`address ${n} answered ${answer.status}: ${answer.text}`);
      });
      const addressUnits = unitsBetween(beforeAddresses, await units()).total;

      // Phase 3: the services, with the platform killed at a third and two thirds of them.
      const beforeServices = await units();
      const servicesStarted = performance.now();
      const serviceIds: string[] = new Array(counts.services);
      const killAt = [Math.floor(counts.services / 3), Math.floor((2 * counts.services) / 3)];
      const kills: Array<{ afterServices: number; smsOut: number; restartSeconds: number; resumed: number }> = [];
      let answered = 0;
      let killing: Promise<void> = Promise.resolve();
      let outage: ReturnType<typeof outageUntilAFailure> | undefined;
      let outageAfterServices = 0;
      const courtToken = (running: Running) => running.tokens.sign('court', clientId);
      await bounded(counts.services, concurrency, async (n) => {
        const pair = [recipients[2 * n], recipients[2 * n + 1]] as Recipient[];
        const answer = await link.call('POST /v1/services', 'POST', '/v1/services', {
          token: courtToken,
          body: {
            document: {
              title: '民事裁定书',
              kind: 'ruling',
              mediaType: 'application/pdf',
              contentBase64: Buffer.from(`%PDF-1.4\n% ruling ${tag} ${n}\n`).toString('base64'),
            },
            recipients: pair.map((recipient) => ({ personId: recipient.personId })),
          },
          idempotencyKey: `service-${tag}-${n}`,
        });
        if (answer.status !== 201) throw new Error(`service ${n} answered ${answer.status}: ${answer.text}`);
        serviceIds[n] = (answer.json as { serviceId: string }).serviceId;
        answered++;
        if (killAt.includes(answered)) {
          const afterServices = answered;
          killing = killing.then(() =>
            link.replace(async () => {
              const dying = link.running;
              await mail.snapshot(dying.ready.ses, true);
              const smsOut = (await smsSent(dying.ready.sms)).length;
              await killChild(dying);
              const t0 = performance.now();
              const next = await start();
              kills.push({
                afterServices,
                smsOut,
                restartSeconds: (performance.now() - t0) / 1000,
                resumed: next.ready.resumedExecutions,
              });
              // After the last kill (which would end it: the gateway lives in the platform's process).
              if (afterServices === killAt.at(-1)) {
                outageAfterServices = afterServices;
                const running = outageUntilAFailure(link, next, outageMaxSeconds);
                running.catch(() => undefined); // awaited below, where a failure surfaces
                outage = running;
              }
              return next;
            }),
          );
          await killing;
        }
      });
      await killing;
      const requestsSeconds = (performance.now() - servicesStarted) / 1000;

      // The outage runs until a delivery has failed; the reconciler's runs record the failures.
      if (!outage) throw new Error('the outage was not started');
      const outageEnd = await outage;
      await pause(5_000);
      // The operator, once it is over: redrives what the list shows while the recipients settle.
      const operator = new Operator(link, tag);
      const statuses = await settled(link, serviceIds, courtToken, () => operator.redriveFailed());
      const settledSeconds = (performance.now() - servicesStarted) / 1000;
      // A last look, after a reconciler run that began once everything had settled.
      await pause((reconcilerSeconds + 5) * 1000);
      const failedAtEnd = await failedExecutions(link);
      const redrivenIds = [...operator.seen].filter(([, seen]) => seen.redrives > 0).map(([id]) => id);
      const outcomes = await executionOutcomes(link.running, redrivenIds);
      const completed = outcomes.filter((outcome) => outcome.status === 'succeeded');
      const runs = describeRuns(await reconcilerRuns(reconcilerFile));
      const dayUnitsEnd = await units();
      const servicesPhase = unitsBetween(beforeServices, dayUnitsEnd);
      // The bench's own status polls are in that phase: their units (told apart in the platform by route) are taken out.
      const pollUnits = servicesPhase.byLabel[pollRoute] ?? emptyTally();
      const serviceUnits = tallyBetween(pollUnits, servicesPhase.total);
      const dayByRoute = unitsBetween(dayUnitsStart, dayUnitsEnd).byLabel;

      // The checks: what the emulators sent against what the store says.
      await mail.snapshot(link.running.ready.ses);
      const sms = await smsSent(link.running.ready.sms);
      const emails = mail.emails();
      const all = statuses.flat();
      const sentTo = countByAddress(sms, emails);
      const addressOf = new Map(recipients.map((recipient) => [recipient.personId, recipient.address]));
      const served = all.filter((recipient) => recipient.status === 'served');
      const lost = all.filter(
        (recipient) =>
          recipient.status !== 'served' && (sentTo.get(addressOf.get(recipient.personId) ?? '') ?? 0) === 0,
      );
      const duplicatedSms = repeated(sms, (message) => `${message.phoneNumber}\n${message.message}`);
      const unlabelled = emails.filter((email) => platformMessageIdOf(email) === undefined).length;
      const duplicatedEmail = repeated(
        emails.filter((email) => platformMessageIdOf(email) !== undefined),
        (email) => platformMessageIdOf(email) ?? '',
      );
      // An attempt whose outcome a kill made unknown was still one attempt: more messages than attempts is a duplicate.
      const moreThanRecorded = all.filter(
        (recipient) => (sentTo.get(addressOf.get(recipient.personId) ?? '') ?? 0) > recipient.attempts.length,
      );
      const outboxAtEnd = await outboxDrainedWithin(link.running, 15 * 60_000);
      const filingInvitations = sms.filter((message) => message.phoneNumber.startsWith('+86137'));
      const duplicatedInvitations = repeated(filingInvitations, (message) => message.phoneNumber);
      const duplicates = duplicatedSms.length + duplicatedEmail.length + duplicatedInvitations.length;

      const rows: BenchRow[] = [
        info(
          'Scale',
          scaleText,
          `PROVINCE_SCALE=${scale}; concurrency ${concurrency}; whole day ${fixed((performance.now() - dayStarted) / 1000, 0)} s`,
        ),
        ...link
          .summary()
          .map((route) =>
            info(
              `${route.route}`,
              `${route.count} requests, ${fixed(route.perSecond, 1)} /s`,
              `p50 ${fixed(route.p50, 0)} ms, p99 ${fixed(route.p99, 0)} ms; ${route.errors} answered ≥ 400 or retried after 5xx; ${route.interrupted} cut off by a kill and retried; ${route.throttled} answered 429 (court quota) and retried after Retry-After`,
            ),
          ),
        info(
          'Filings, outbox drained',
          `${fixed(counts.disputes / filingSeconds, 1)} /s`,
          `${counts.disputes} in ${fixed(filingSeconds, 1)} s, counted once every invitation was handed to its workflow`,
        ),
        unitsRow('Units per filing', filingUnits, counts.disputes),
        unitsRow('Units per address added', addressUnits, recipientCount),
        unitsRow(
          "Units per recipient served (services phase, kills and redrive included; the bench's status polls taken out)",
          serviceUnits,
          Math.max(1, served.length),
        ),
        ...Object.entries(dayByRoute)
          .filter(([, tally]) => readTotal(tally) + writeTotal(tally) > 0)
          .sort(([, a], [, b]) => readTotal(b) + writeTotal(b) - readTotal(a) - writeTotal(a))
          .map(([label, tally]) => {
            const requests = link.summary().find((route) => route.route === label)?.count;
            return label === 'background'
              ? unitsRow(
                  'Units of background work (relay, workflows, receipts, schedules) per recipient served',
                  tally,
                  Math.max(1, served.length),
                )
              : unitsRow(
                  `Units per request, ${label}`,
                  tally,
                  Math.max(1, requests ?? 1),
                  requests === undefined ? ' (a request the bench did not count; total shown)' : '',
                );
          }),
        info(
          'Services settled',
          `${fixed(served.length / Math.max(1, settledSeconds), 1)} recipients served /s`,
          `requests answered in ${fixed(requestsSeconds, 1)} s, every recipient served or unserved ${fixed(settledSeconds, 1)} s after the first request`,
        ),
        {
          cells: {
            Figure: 'Served share',
            Measured: `${fixed((100 * served.length) / recipientCount, 2)}%`,
            Detail: `${served.length} of ${recipientCount} served; ${all.length} recipients listed; ${all.filter((r) => r.status === 'unserved').length} unserved`,
          },
          budget: '100%',
          verdict: served.length === recipientCount ? 'pass' : 'fail',
          ...(served.length === recipientCount
            ? {}
            : {
                remark: `not served (${all.filter((r) => r.status !== 'served' && mail.mailedBeforeAKill.has(addressOf.get(r.personId) ?? '')).length} of them mailed in a life a kill ended): ${all
                  .filter((r) => r.status !== 'served')
                  .slice(0, 20)
                  .map(
                    (r) =>
                      `${r.recipientId} (${r.status}${r.unservedReason ? `, ${r.unservedReason}` : ''}; ${r.attempts.map((a) => `${a.channel} ${a.messageStatus}${a.outcome ? `/${a.outcome}` : ''}`).join(', ')}${mail.mailedBeforeAKill.has(addressOf.get(r.personId) ?? '') ? '; mailed before a kill' : ''})`,
                  )
                  .join(', ')}`,
              }),
        },
        info(
          'Kills and restarts',
          `${kills.length} kills`,
          kills
            .map(
              (kill) =>
                `after ${kill.afterServices} services answered (${kill.smsOut} SMS out): ready again in ${fixed(kill.restartSeconds, 1)} s, ${kill.resumed} open executions resumed`,
            )
            .join('; '),
        ),
        {
          cells: {
            Figure: 'Outbox drained at the end',
            Measured: `${outboxAtEnd.count} pending after ${fixed(outboxAtEnd.seconds, 0)} s`,
            Detail: `once every recipient had settled, ${describe(outboxAtEnd.first)} were pending; the wait is up to 15 minutes`,
          },
          budget: '0 pending',
          verdict: outboxAtEnd.count === 0 ? 'pass' : 'fail',
          ...(outboxAtEnd.count === 0 ? {} : { remark: `still pending: ${describe(outboxAtEnd.pending)}` }),
        },
        info(
          'SMS outage',
          `${fixed(outageEnd.seconds, 0)} s, ${outageEnd.refused} Throttling answers`,
          `every SNS Publish answered Throttling ("Rate exceeded"), from the restart after ${outageAfterServices} services answered until ${outageEnd.endedBy} (limit ${outageMaxSeconds} s); the send's retries wait ${sendRetriesSeconds()} s in all (5 s doubling to 120 s, 6 retries) besides the tries themselves, so the deliveries whose first send came early in it failed`,
        ),
        {
          cells: {
            Figure: 'Failed executions, redriven by the operator route',
            Measured: `${operator.seen.size} failed, ${redrivenIds.length} redriven, ${completed.length} completed`,
            Detail: `failed: ${operator.byWorkflow()} (${operator.errors() || 'none'}); listed by the reconciler's runs and redriven by POST /v1/operations/failed-executions/{id}/redrive as the operator once the outage was over (${[...operator.seen.values()].reduce((sum, seen) => sum + seen.redrives, 0)} redrives asked); completed: the redriven execution succeeded (runs: ${[...new Set(outcomes.map((outcome) => outcome.runs))].join(', ') || '-'}); still listed at the end: ${failedAtEnd.length}`,
          },
          budget: 'some failed; every one redriven and completed; none left',
          verdict:
            operator.seen.size > 0 && completed.length === operator.seen.size && failedAtEnd.length === 0
              ? 'pass'
              : 'fail',
          ...(completed.length === redrivenIds.length && failedAtEnd.length === 0
            ? {}
            : {
                remark: [
                  ...outcomes
                    .filter((outcome) => outcome.status !== 'succeeded')
                    .map((outcome) => `${outcome.id} ${outcome.status}`),
                  ...failedAtEnd.map((execution) => `still listed: ${execution.id} (${execution.state})`),
                ]
                  .slice(0, 20)
                  .join(', '),
              }),
        },
        info('Reconciler runs', `${runs.count} runs, every ${reconcilerSeconds} s`, runs.text),
        {
          cells: {
            Figure: 'Lost sends',
            Measured: String(lost.length),
            Detail: 'recipients not served to whose address nothing was sent',
          },
          budget: '0',
          verdict: lost.length === 0 ? 'pass' : 'fail',
          ...(lost.length === 0
            ? {}
            : {
                remark: lost
                  .slice(0, 20)
                  .map((r) => r.recipientId)
                  .join(', '),
              }),
        },
        {
          cells: {
            Figure: 'Duplicated sends',
            Measured: String(duplicates),
            Detail: `${sms.length} SMS and ${emails.length} emails at the emulators; the same SMS text to the same number twice: ${duplicatedSms.length}; the same platform message id in two emails: ${duplicatedEmail.length} (${unlabelled} emails without one); a respondent invited twice: ${duplicatedInvitations.length}`,
          },
          budget: '0',
          verdict: duplicates === 0 ? 'pass' : 'fail',
          ...(duplicates === 0
            ? {}
            : {
                remark: [
                  ...duplicatedSms.map(([key, count]) => `SMS ${key.split('\n')[0]} ×${count}`),
                  ...duplicatedEmail.map(([id, count]) => `email ${id} ×${count}`),
                  ...duplicatedInvitations.map(([phone, count]) => `invitation ${phone} ×${count}`),
                ]
                  .slice(0, 20)
                  .join(', '),
              }),
        },
        {
          cells: {
            Figure: 'Recipients sent more messages than the attempts the store lists',
            Measured: String(moreThanRecorded.length),
            Detail:
              "different messages, not one sent twice: each names another reference, as a second service to the same recipient would (a service request cut off by a kill after its commit is retried with its Idempotency-Key; the retry's service id comes from the key, so it answers with the service the first run created); the bench's service lists one attempt",
          },
          budget: '0',
          verdict: moreThanRecorded.length === 0 ? 'pass' : 'fail',
          ...(moreThanRecorded.length === 0
            ? {}
            : {
                remark: moreThanRecorded
                  .slice(0, 10)
                  .map(
                    (r) =>
                      `${r.recipientId}: ${r.attempts.map((a) => `${a.purpose ?? 'attempt'} ${a.channel} ${a.messageStatus}`).join(' + ')} vs sent ${messagesTo(addressOf.get(r.personId) ?? '', sms, emails)}`,
                  )
                  .join('; '),
              }),
        },
      ];
      return {
        columns: ['Figure', 'Measured', 'Detail'],
        rows,
        notes: [
          `The platform: infra/local/platform.ts (startPlatform, no demo data) in a child process (test/bench/province-day/platform-child.ts) on one data directory, receipt waits ${receiptSeconds} s; the load, the setup and the checks in the bench process, on the same two cores.`,
          "Per route: every answered request, latency from the client (fetch) including any wait of the platform's own; throughput = answered ÷ the time from the route's first request to its last answer (for the services, the two restarts are inside that time). A request cut off by a kill is sent again with the same Idempotency-Key once the platform is back.",
          'Units: DynamoDB requests of every document client in the platform process, metered by SDK middleware (province-day/units-meter.ts) by the documented rules of test/bench/dynamodb-item-size.ts: reads 1 RCU per 4 KB (eventual half, a query rounded once), standard writes 1 WCU per KB of the larger of the item before and after, transactional writes 2×, each gsi1 entry written or removed 1 WCU per KB. Sizes not in the request come from the sizes last seen or a side read (not counted). A killed process loses at most its last second of tally.',
          `DynamoDB Local's own ReturnConsumedCapacity for the same phases (for comparison only): filings ${fixed(filingUnits.localReported.read, 0)} read / ${fixed(filingUnits.localReported.write, 0)} write, addresses ${fixed(addressUnits.localReported.read, 0)} / ${fixed(addressUnits.localReported.write, 0)}, services ${fixed(serviceUnits.localReported.read, 0)} / ${fixed(serviceUnits.localReported.write, 0)}.`,
          `Requests metered: filings ${requestMix(filingUnits)}; services ${requestMix(serviceUnits)}.`,
          `Setup, not measured: the court registered, and ${recipientCount} recipients (person, document check, consent, public id) and ${counts.services} court cases written by the bench's own client, ${fixed(setupSeconds, 1)} s.`,
          'Sends: the SMS gateway keeps what it sent in the data directory across kills; the SES emulator keeps mail in memory, so its store is read just before each kill and at the end (mail sent between that read and the kill is not seen, the one blind spot of the email duplicate count). Lost: a recipient not served with nothing sent to its address. Duplicated: the same SMS text to the same number twice, the same X-Platform-Message-Id in two emails, a respondent invited twice, or more messages to a recipient than attempts the store lists (an attempt a kill left `unknown` counts as one).',
          `Recovery: the reconciler ran every ${reconcilerSeconds} s in the platform process (AWS: every 5 minutes), outbox items stale after ${staleAfterSeconds} s, automatic redrives off (AWS default: 1), each run logged by the runtime's onRun; open executions are also resumed at each start. The SMS outage (the gateway's POST /outage) began at the last restart, so no kill ended it early, and was ended (seconds=0) at the first check (every 5 s) that found a failed execution on the operators' list; the operator's part (GET /v1/operations/failed-executions, then POST …/{id}/redrive for each listed failed, with the operator's token) ran once it was over and until every recipient settled, then once more after a last reconciler run.`,
        ],
      };
    } finally {
      for (const running of lives) await stopChild(running).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
      await rm(unitsDir, { recursive: true, force: true });
    }
  },
};

function describe(byType: Map<string, number>): string {
  return byType.size === 0 ? 'none' : [...byType].map(([type, count]) => `${count} ${type}`).join(', ');
}

/** What the emulators sent to one address, briefly: an SMS's first words, an email's subject and platform id. */
function messagesTo(address: string, sms: Sms[], emails: Email[]): string {
  const texts = sms.filter((m) => m.phoneNumber === address).map((m) => `SMS "${m.message.slice(0, 40)}"`);
  const mails = emails
    .filter((e) => e.destination.to.includes(address))
    .map((e) => `email "${e.subject.slice(0, 40)}" ${platformMessageIdOf(e) ?? '?'}`);
  return [...texts, ...mails].join(' + ');
}

const info = (Figure: string, Measured: string, Detail: string): BenchRow => ({
  cells: { Figure, Measured, Detail },
  budget: '-',
  verdict: 'info',
});

function unitsRow(figure: string, tally: UnitsTally, operations: number, remark = ''): BenchRow {
  const reads = readTotal(tally) / operations;
  const writes = writeTotal(tally) / operations;
  return info(
    figure,
    `${fixed(reads, 1)} RCU + ${fixed(writes, 1)} WCU`,
    `over ${operations}: reads ${fixed(tally.readUnits / operations, 1)} + transactional ${fixed(tally.transactionalReadUnits / operations, 1)}; writes ${fixed(tally.writeUnits / operations, 1)} standard + ${fixed(tally.transactionalWriteUnits / operations, 1)} transactional + ${fixed(tally.indexWriteUnits / operations, 1)} gsi1; ${Object.values(tally.requests).reduce((sum, n) => sum + n, 0)} requests, ${tally.errors} failed${remark}`,
  );
}

function requestMix(tally: UnitsTally): string {
  return Object.entries(tally.requests)
    .filter(([, count]) => count > 0)
    .map(([command, count]) => `${count} ${command.replace(/Command$/, '')}`)
    .join(', ');
}

interface Units {
  total: UnitsTally;
  /** By who sent the requests in the platform: an HTTP route (`GET /v1/services/{id}`) or `background`. */
  byLabel: Record<string, UnitsTally>;
}

const pollRoute = 'GET /v1/services/{id}';

async function unitsNow(unitsDir: string): Promise<Units> {
  // Each process writes its tally every second: wait for this moment's to be on disk.
  await pause(1_500);
  const files = (await readdir(unitsDir)).filter((name) => name.endsWith('.json'));
  const lives = await Promise.all(
    files.map(async (name) => {
      const text = await readFile(join(unitsDir, name), 'utf8').catch(() => '');
      return text ? (JSON.parse(text) as Units) : { total: emptyTally(), byLabel: {} };
    }),
  );
  const labels = new Set(lives.flatMap((life) => Object.keys(life.byLabel)));
  return {
    total: sumTallies(lives.map((life) => life.total)),
    byLabel: Object.fromEntries(
      [...labels].map((label) => [label, sumTallies(lives.map((life) => life.byLabel[label] ?? emptyTally()))]),
    ),
  };
}

function unitsBetween(before: Units, after: Units): Units {
  const labels = new Set([...Object.keys(before.byLabel), ...Object.keys(after.byLabel)]);
  return {
    total: tallyBetween(before.total, after.total),
    byLabel: Object.fromEntries(
      [...labels].map((label) => [
        label,
        tallyBetween(before.byLabel[label] ?? emptyTally(), after.byLabel[label] ?? emptyTally()),
      ]),
    ),
  };
}

/** A filing whose respondent company and mobile no other filing names (see filing.bench.ts). */
function filingAgainstItsOwnCompany(tag: string, n: number) {
  const body = filing();
  const [applicant, respondent] = body.parties;
  if (applicant) applicant.idNumber = benchApplicantId(n);
  if (respondent) {
    respondent.idNumber = `91440300MB${tag.slice(0, 3)}${n.toString(36).padStart(5, '0')}`.toUpperCase();
    respondent.contact = { phone: `+86137${String(n).padStart(8, '0')}` };
  }
  return body;
}

function storeOf(running: Running) {
  const client = createDocumentClient({
    endpoint: running.ready.dynamodb,
    region: running.ready.region,
    credentials: localCredentials,
  });
  return {
    client,
    store: new DynamoStateStore({ client, tableName: running.ready.tableName, clock: systemClock, ids: randomIds }),
  };
}

async function outboxDrained(running: Running): Promise<void> {
  const { client, store } = storeOf(running);
  try {
    for (;;) {
      const pages = await Promise.all(outboxPendingIndexes().map((index) => store.listByIndex(index, { limit: 1 })));
      if (pages.every((page) => page.items.length === 0)) return;
      await pause(250);
    }
  } finally {
    client.destroy();
  }
}

/** Outbox items pending (up to 1,000 per index partition), by type. */
async function outboxPending(running: Running): Promise<Map<string, number>> {
  const { client, store } = storeOf(running);
  try {
    const pages = await Promise.all(outboxPendingIndexes().map((index) => store.listByIndex(index, { limit: 1_000 })));
    const byType = new Map<string, number>();
    for (const item of pages.flatMap((page) => page.items)) {
      const type = String(item.attributes.type ?? '?');
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    return byType;
  } finally {
    client.destroy();
  }
}

/** Waits up to `ms` for the outbox to drain; what is still pending then, and how long it took. */
async function outboxDrainedWithin(running: Running, ms: number) {
  const t0 = performance.now();
  let first: Map<string, number> | undefined;
  for (;;) {
    const pending = await outboxPending(running);
    first ??= pending;
    const count = [...pending.values()].reduce((sum, n) => sum + n, 0);
    if (count === 0 || performance.now() - t0 > ms) {
      return { first, pending, count, seconds: (performance.now() - t0) / 1000 };
    }
    await pause(5_000);
  }
}

/** Two recipients per service, the first by SMS and the second by email, each pair parties of one court case. */
async function seedRecipients(running: Running, courtId: string, tag: string): Promise<Recipient[]> {
  const { client, store } = storeOf(running);
  const recipients: Recipient[] = new Array(recipientCount);
  try {
    await bounded(counts.services, concurrency, async (n) => {
      const sms = await seedRecipient(store, 'sms', `+86139${String(n).padStart(8, '0')}`);
      const email = await seedRecipient(store, 'email', `recipient-${tag}-${n}@example.com`);
      await seedCourtCase(store, courtId, [sms, email]);
      recipients[2 * n] = sms;
      recipients[2 * n + 1] = email;
    });
  } finally {
    client.destroy();
  }
  return recipients;
}

/** Polls the services not settled yet until every recipient is served or unserved; `eachRound` runs between polls. */
async function settled(
  link: PlatformLink,
  serviceIds: string[],
  token: (running: Running) => Promise<string>,
  eachRound: () => Promise<unknown> = async () => undefined,
): Promise<RecipientStatus[][]> {
  const statuses: RecipientStatus[][] = new Array(serviceIds.length);
  let open = serviceIds.map((_, n) => n);
  const deadline = Date.now() + Math.max(15 * 60_000, serviceIds.length * 2 * 2_000);
  while (open.length > 0) {
    const stillOpen: number[] = [];
    // Fewer pollers than load callers: the polls observe the day and should not crowd its work.
    await bounded(open.length, Math.min(concurrency, 4), async (k) => {
      const n = open[k] as number;
      const answer = await link.call('GET /v1/services/{id}', 'GET', `/v1/services/${serviceIds[n]}`, { token });
      if (answer.status !== 200) throw new Error(`service ${serviceIds[n]} answered ${answer.status}: ${answer.text}`);
      const recipients = (answer.json as { recipients: RecipientStatus[] }).recipients;
      statuses[n] = recipients;
      if (recipients.some((recipient) => !['served', 'unserved'].includes(recipient.status))) stillOpen.push(n);
    });
    open = stillOpen;
    if (open.length === 0) break;
    await eachRound();
    if (Date.now() > deadline) {
      throw new Error(`${open.length} services still had recipients neither served nor unserved at the deadline`);
    }
    await pause(5_000);
  }
  return statuses;
}
