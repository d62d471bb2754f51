import type { DisputeFiling, PartyFiling } from '../../../shared/use-cases/disputes/file-dispute';
import { residentIdNumber, unifiedSocialCreditCode } from './chinese-id-numbers';
import { randomFor } from './seeded-random';

/**
 * A few demo disputes, each filed through the real intake by its applicant's linked sign-in
 * (`party-001`, …), the Hong Kong company's by the intake operator: the respondents are invited by SMS or email, so the local gateways show the invitations.
 */
export interface DemoDispute {
  /**
   * The filer's sign-in name (`sub`): the applicant, a person with a mainland mobile, has this
   * sign-in linked to it, as at a first sign-in (`linkableApplicant`), and files as the person (a
   * party files only so). None: the intake operator files on the applicant's behalf, as for a
   * company from outside the mainland, which no carrier check can link.
   */
  filer?: string;
  filing: DisputeFiling;
}

export const demoPartySubject = (n: number) => `party-${String(n).padStart(3, '0')}`;

const random = randomFor('disputes');
const person = (division: string) => residentIdNumber(random, division);
const company = (division: string) => unifiedSocialCreditCode(random, division);

function party(
  role: PartyFiling['role'],
  kind: PartyFiling['kind'],
  name: string,
  idNumber: string,
  domicile: PartyFiling['domicile'],
  contact: PartyFiling['contact'],
  representatives: PartyFiling['representatives'] = [],
): PartyFiling {
  return { role, kind, name, idNumber, domicile, contact, representatives };
}

/**
 * A party domiciled in mainland China, at `division`: its ID number (a resident ID number, or a
 * company's unified social credit code) is drawn for that division; each representative's for its own.
 */
function mainlandParty(
  role: PartyFiling['role'],
  kind: PartyFiling['kind'],
  name: string,
  division: string,
  contact: PartyFiling['contact'],
  representatives: Array<{ name: string; division: string }> = [],
): PartyFiling {
  const idNumber = kind === 'person' ? person(division) : company(division);
  return party(
    role,
    kind,
    name,
    idNumber,
    { country: 'CN', regionCode: division },
    contact,
    representatives.map((rep) => ({ name: rep.name, idNumber: person(rep.division) })),
  );
}

/** Every demo dispute is filed before a court case, and accepted online. */
function onlineFiling(filing: Omit<DisputeFiling, 'stage' | 'onlineAccepted'>): DisputeFiling {
  return { ...filing, stage: 'pre_filing', onlineAccepted: true };
}

export const demoDisputes: readonly DemoDispute[] = [
  {
    filer: demoPartySubject(1),
    filing: onlineFiling({
      category: 'online_shopping_contract',
      claim: { amountMinor: 385_000, currency: 'CNY' },
      regionCode: '440304',
      subjectMatterRegion: '440304',
      language: 'zh',
      summary:
        '申请人在网店购买的笔记本电脑到货后屏幕破裂，商家以"人为损坏"为由拒绝退货退款。The laptop arrived with a cracked screen; the shop refuses a refund, calling it user damage.',
      parties: [
        mainlandParty('applicant', 'person', '陈晓明', '440304', { phone: '+8613800138001' }),
        mainlandParty('respondent', 'company', '深圳市优品数码电子商务有限公司', '440305', { phone: '+8613800138002' }),
      ],
    }),
  },
  {
    filer: demoPartySubject(2),
    filing: onlineFiling({
      category: 'small_loan_contract',
      claim: { amountMinor: 4_800_000, currency: 'CNY' },
      regionCode: '330106',
      subjectMatterRegion: '330106',
      language: 'zh',
      summary:
        '借款人认为网络小额贷款合同中的服务费与保险费使综合年化利率超过法定上限，请求调减并返还多收费用。The borrower says service and insurance fees push the loan above the legal rate cap.',
      parties: [
        mainlandParty('applicant', 'person', '李婷', '330106', { phone: '+8613900139001' }),
        mainlandParty(
          'respondent',
          'company',
          '杭州安信网络小额贷款有限公司',
          '330108',
          { email: 'legal@anxin-loans.demo.example' },
          [{ name: '周律师', division: '330102' }],
        ),
      ],
    }),
  },
  {
    filer: demoPartySubject(3),
    filing: onlineFiling({
      category: 'online_copyright',
      claim: { amountMinor: 12_000_000, currency: 'CNY' },
      regionCode: '110105',
      subjectMatterRegion: '110106',
      language: 'zh',
      summary:
        '摄影师发现其 36 幅作品未经许可被某自媒体账号用于商业推广，请求停止使用并赔偿损失。A photographer found 36 of their photos used without licence in a media account’s paid promotions.',
      parties: [
        mainlandParty('applicant', 'person', '王思雨', '110105', {
          phone: '+8618600186001',
          email: 'siyu.wang@photo.demo.example',
        }),
        mainlandParty('respondent', 'company', '北京星河新媒体文化传播有限公司', '110108', { phone: '+8618600186002' }),
      ],
    }),
  },
  {
    filer: demoPartySubject(4),
    filing: onlineFiling({
      category: 'traffic_accident',
      claim: { amountMinor: 2_650_000, currency: 'CNY' },
      regionCode: '440106',
      subjectMatterRegion: '440106',
      language: 'yue',
      summary:
        '天河路路口两车追尾，交警认定后车全责；双方就维修费、误工费及保险理赔金额未能达成一致。A rear-end collision in Tianhe; the parties disagree on repair costs, lost earnings and the insurer’s share.',
      parties: [
        mainlandParty('applicant', 'person', '黄嘉俊', '440106', { phone: '+8613700137001' }),
        mainlandParty('respondent', 'person', '梁志强', '440104', { phone: '+8613700137002' }),
        mainlandParty('respondent', 'company', '中国平安财产保险股份有限公司广州分公司', '440106', {
          email: 'claims-gz@insurer.demo.example',
        }),
      ],
    }),
  },
  {
    filing: onlineFiling({
      category: 'commercial',
      claim: { amountMinor: 86_000_000, currency: 'HKD' },
      regionCode: '440305',
      subjectMatterRegion: '440305',
      language: 'en',
      summary:
        'A Hong Kong distributor says a Shenzhen manufacturer shipped 4,000 units of smart speakers late and out of specification, and claims the price difference and lost orders. 香港经销商主张深圳制造商迟延交付且货物不符合约定规格。',
      parties: [
        party(
          'applicant',
          'company',
          'Harbour Bridge Trading Limited 港桥贸易有限公司',
          '71234568',
          { country: 'HK' },
          { phone: '+85291234567', email: 'legal@harbourbridge.demo.example' },
        ),
        mainlandParty('respondent', 'company', '深圳市声谷智能科技有限公司', '440306', { phone: '+8613500135001' }),
      ],
    }),
  },
];

/** ID numbers of the demo disputes' parties and representatives: a few mediators have conflicts with them. */
export const demoConflictPool: readonly string[] = demoDisputes.flatMap(({ filing }) =>
  filing.parties.flatMap((p) => [p.idNumber, ...p.representatives.map((rep) => rep.idNumber)]),
);

/**
 * The demo's people as the carrier knows them (the identity provider emulator's register at
 * `npm start`): each person party's ID number and name with the mobile it filed or was invited
 * at, so a demo respondent who is a person can join and consent at `carrier_3f`. Companies are
 * not there: no carrier registers a mobile to a company (they go by an operator's document check).
 */
export const demoIdentities: ReadonlyArray<{ idNumber: string; name: string; mobile: string }> = demoDisputes.flatMap(
  ({ filing }) =>
    filing.parties.flatMap((p) =>
      p.kind === 'person' && p.contact.phone?.startsWith('+86')
        ? [{ idNumber: p.idNumber, name: p.name, mobile: p.contact.phone }]
        : [],
    ),
);

/**
 * The applicant whose sign-in the seed links to the person, as a first sign-in would (the carrier
 * confirms a mainland mobile against a person's ID number and name): then signing in with that
 * mobile at the local managed login, or `npm run token -- party party-00N`, is acting as that person.
 * Companies cannot link this way (no carrier registers a mobile to a company).
 */
export function linkableApplicant(filing: DisputeFiling): (PartyFiling & { contact: { phone: string } }) | undefined {
  const applicant = filing.parties.find((p) => p.role === 'applicant');
  const phone = applicant?.contact.phone;
  return applicant?.kind === 'person' && phone?.startsWith('+86')
    ? { ...applicant, contact: { ...applicant.contact, phone } }
    : undefined;
}

/** The demo applicants' own mobiles and emails with the sign-in each is: `npm start` keeps them at its managed login. */
export const demoApplicantSignIns: ReadonlyArray<{ contact: string; sub: string }> = demoDisputes.flatMap(
  ({ filer, filing }) => {
    const applicant = linkableApplicant(filing);
    if (!applicant || filer === undefined) return [];
    return [applicant.contact.phone, applicant.contact.email].flatMap((contact) =>
      contact ? [{ contact, sub: filer }] : [],
    );
  },
);
