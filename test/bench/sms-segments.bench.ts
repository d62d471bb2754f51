import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CaseParty } from '../../shared/domain/mediation/case-party';
import type { Dispute } from '../../shared/domain/mediation/dispute';
import { smsSize } from '../../shared/domain/messages/sms-segments';
import {
  milestoneKinds,
  milestoneTexts,
  platformSignature,
  smsSignature,
} from '../../shared/domain/messages/sms-texts';
import type { EntityWrite } from '../../shared/ports/state-store';
import { projectRoot } from '../support/project-root';
import type { Benchmark, BenchRow } from './types';

/**
 * The commit whose templates are "before": main just before short messages (issue 12, item 4).
 * Its code runs as it was: `shared/` is checked out from git into a scratch folder of the project
 * (so it resolves the same node_modules) and imported from there.
 */
const beforeRevision = process.env.SMS_BENCH_BEFORE ?? 'ec18dee';

/** Typical values: a Shenzhen court, a ruling, a short custom domain, a dispute in Chinese. */
const values = {
  publicBaseUrl: 'https://ts.court-odr.cn',
  issuer: '深圳市福田区人民法院',
  title: '民事裁定书',
  code: '482913',
};
const dispute = { id: 'dsp_01JDX8Q2ZK7M4N5P6R', category: 'online_shopping_contract', language: 'zh' } as Dispute;
const party = {
  partyId: 'pty_respondent',
  contact: { phone: '+8613912345678' },
} as CaseParty;

interface Templates {
  /** The service SMS of one attempt, its portal link on the given base. */
  service(publicBaseUrl?: string): string;
  /** The fresh portal code the addressee may ask for. */
  portalCode(): string;
  /** The invitation a respondent gets (one per respondent per case). */
  invitation(): string;
}

type ServiceModule = {
  composeServiceMessage(notice: Record<string, unknown>): { text: string };
  composeFreshPortalCode(notice: Record<string, unknown>): { text: string };
};
type InvitationModule = {
  invitationFor(deps: unknown, context: unknown): { writes: EntityWrite[] };
};

async function templatesIn(root: string, tokenLength: number): Promise<Templates> {
  const load = async <T>(path: string) => (await import(pathToFileURL(join(root, path)).href)) as T;
  const service = await load<ServiceModule>('shared/domain/service/service-messages.ts');
  const invitations = await load<InvitationModule>('shared/use-cases/disputes/invitations.ts');
  const token = 'T'.repeat(tokenLength);
  const notice = {
    channel: 'sms',
    to: party.contact.phone,
    issuer: values.issuer,
    title: values.title,
    code: values.code,
    reference: 'SD7K4M9Q2XHP',
  };
  return {
    service: (base = values.publicBaseUrl) =>
      service.composeServiceMessage({ ...notice, link: `${base}/r/${token}` }).text,
    portalCode: () => service.composeFreshPortalCode(notice).text,
    invitation: () => {
      const { writes } = invitations.invitationFor(
        {
          ids: { next: (prefix: string) => `${prefix}_bench` },
          clock: { now: () => new Date() },
          publicBaseUrl: values.publicBaseUrl,
        },
        { dispute, party, actor: { role: 'party', subjectId: 'bench' }, now: new Date() },
      );
      const message = writes.find((write) => write.key.pk.startsWith('MESSAGE#'));
      if (!message) throw new Error(`${root}: invitationFor wrote no message`);
      return (message.attributes.content as { text: string }).text;
    },
  };
}

/** The API's own URL, the base of links when `publicBaseUrl` is not set (before: always allowed). */
const apiUrl = 'https://a1b2c3d4e5.execute-api.ap-east-1.amazonaws.com';

function size(text: string) {
  const measured = smsSize(text);
  return { segments: measured.segments, units: measured.units };
}

export const smsSegments: Benchmark = {
  name: 'sms-segments',
  title: 'SMS segments per service and per case, before and after',
  description:
    'Billed SMS segments (3GPP concatenation, counted by shared/domain/messages/sms-segments.ts) of the texts people receive, ' +
    `before (the templates of ${beforeRevision}, run from git) and after (this tree), at typical values: a court signing ` +
    `as ${values.issuer}, a ${values.publicBaseUrl.length}-character publicBaseUrl, a dispute in Chinese. DESIGN.md: one segment ` +
    'without a link, two with one; at a million services a month each segment saved is a million billed parts.',
  async run() {
    const scratch = join(projectRoot, '.bench-before');
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    try {
      const archive = execFileSync('git', ['archive', beforeRevision, 'shared'], { cwd: projectRoot });
      execFileSync('tar', ['-x', '-C', scratch], { input: archive });
      // Link tokens: 32 base64url characters before, 17 base62 after.
      const before = await templatesIn(scratch, 32);
      const after = await templatesIn(projectRoot, 17);

      const rows: BenchRow[] = [];
      const compare = (message: string, perCase: string, was: string, now: string) => {
        const b = size(was);
        const a = size(now);
        rows.push({
          cells: {
            Message: message,
            'Per case (2 parties)': perCase,
            'Before: segments (UCS-2 units)': `${b.segments} (${b.units})`,
            'After: segments (UCS-2 units)': `${a.segments} (${a.units})`,
          },
          budget: now.includes('://') ? '≤ 2 (link)' : '1 (no link)',
          verdict: a.segments <= (now.includes('://') ? 2 : 1) ? 'pass' : 'fail',
        });
        return { before: b.segments, after: a.segments };
      };
      const service = compare('service attempt (ruling, SMS)', '2', before.service(), after.service());
      compare(
        `service attempt, links on the API's own URL (${apiUrl.length} characters)`,
        '-',
        before.service(apiUrl),
        after.service(apiUrl),
      );
      compare('fresh portal code', 'on request', before.portalCode(), after.portalCode());
      const invitation = compare('invitation (respondent)', '1', before.invitation(), after.invitation());

      // Milestones did not exist before: each party hears of each one after.
      const signature = smsSignature(platformSignature);
      let milestoneSegments = 0;
      for (const kind of milestoneKinds.filter(
        (k) => !['application_not_accepted', 'settlement_rejected'].includes(k),
      )) {
        const text = milestoneTexts[kind].zh({
          signature,
          caseReference: dispute.id.slice(-8),
          reference: 'MS7K4M9Q2XHP',
          link: `${values.publicBaseUrl}/s/${'T'.repeat(17)}`,
          code: values.code,
          applyBy: '2026-12-31',
        });
        const measured = size(text);
        milestoneSegments += 2 * measured.segments;
        rows.push({
          cells: {
            Message: `milestone ${kind}`,
            'Per case (2 parties)': '2',
            'Before: segments (UCS-2 units)': 'not sent',
            'After: segments (UCS-2 units)': `${measured.segments} (${measured.units})`,
          },
          budget: text.includes('://') ? '≤ 2 (link)' : '1 (no link)',
          verdict: measured.segments <= (text.includes('://') ? 2 : 1) ? 'pass' : 'fail',
        });
      }
      const likeForLikeBefore = invitation.before + 2 * service.before;
      const likeForLikeAfter = invitation.after + 2 * service.after;
      rows.push(
        {
          cells: {
            Message: 'per service SMS',
            'Per case (2 parties)': '-',
            'Before: segments (UCS-2 units)': String(service.before),
            'After: segments (UCS-2 units)': String(service.after),
          },
          budget: '≤ 2',
          verdict: service.after <= 2 ? 'pass' : 'fail',
        },
        {
          cells: {
            Message: 'per case, the same messages (invitation + ruling served on 2 parties)',
            'Per case (2 parties)': '3 SMS',
            'Before: segments (UCS-2 units)': String(likeForLikeBefore),
            'After: segments (UCS-2 units)': String(likeForLikeAfter),
          },
          budget: '-',
          verdict: 'info',
        },
        {
          cells: {
            Message: 'per case, with every milestone (confirmed path, 7 milestones × 2 parties)',
            'Per case (2 parties)': '17 SMS',
            'Before: segments (UCS-2 units)': String(likeForLikeBefore),
            'After: segments (UCS-2 units)': String(likeForLikeAfter + milestoneSegments),
          },
          budget: '-',
          verdict: 'info',
          remark: 'more messages than before (the milestones are new), each of one or two segments',
        },
      );
      return {
        columns: ['Message', 'Per case (2 parties)', 'Before: segments (UCS-2 units)', 'After: segments (UCS-2 units)'],
        rows,
        notes: [
          `Before: ${beforeRevision}'s shared/ checked out from git and its composers run (bilingual texts with the document title, 32-character tokens, /join/ links). Override with SMS_BENCH_BEFORE=<revision>.`,
          "After: this tree, one language per text (the dispute's; Chinese here), 17-character tokens and one-letter paths; the longest values are held to the same budgets by test/unit/sms-texts.test.ts.",
          'Every text starts with 【signature】, outside the GSM alphabet, so all are UCS-2: 70 units in one segment, 67 per part beyond.',
          'Per case: a two-party dispute with one respondent invited by SMS, settled, confirmed and the ruling served by one SMS attempt per party; a service SMS that fails over to another address, fresh codes and signing links a mediator sends by hand add to both columns alike.',
        ],
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
