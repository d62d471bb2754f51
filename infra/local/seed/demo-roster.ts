import { type DisputeCategory, internetCourtCategories } from '../../../shared/domain/mediation/categories';
import type { LeavePeriod } from '../../../shared/domain/mediation/mediator';
import type { OrganizationKind } from '../../../shared/domain/roster/organization';
import type { CourtRegistration } from '../../../shared/use-cases/roster/register-court';
import type { MediatorRegistration } from '../../../shared/use-cases/roster/register-mediator';
import { between, pick, type Random, randomFor, some } from './seeded-random';

/**
 * The demo roster: courts and mediation organizations of Shenzhen, Guangzhou, Hangzhou and Beijing
 * (real division codes, GB/T 2260), and as many mediators as asked for, each drawn from its own
 * PRNG stream: mediator n is the same person whether 200 or 10,000 are seeded.
 */

/** When the demo roster was registered: fixed, so two seeds write identical records. */
export const demoRosterEpoch = new Date('2026-11-02T01:00:00.000Z');

/** The case types the internet courts hear. */
export const internetCaseTypes: DisputeCategory[] = [...internetCourtCategories];

export interface DemoCourt {
  key: string;
  registration: CourtRegistration;
}

export const demoCourts: readonly DemoCourt[] = [
  {
    key: 'futian',
    registration: {
      name: "深圳市福田区人民法院 / Shenzhen Futian District People's Court",
      level: 'basic',
      regionCode: '440304',
      jurisdiction: { regions: ['440304'], caseTypes: [] },
      clientId: 'court-shenzhen-futian',
    },
  },
  {
    key: 'shenzhen-intermediate',
    registration: {
      name: "深圳市中级人民法院 / Shenzhen Intermediate People's Court",
      level: 'intermediate',
      regionCode: '440304',
      jurisdiction: { regions: ['4403'], caseTypes: [] },
      clientId: 'court-shenzhen-intermediate',
    },
  },
  {
    key: 'guangzhou-internet',
    registration: {
      name: '广州互联网法院 / Guangzhou Internet Court',
      level: 'basic',
      regionCode: '440111',
      jurisdiction: { regions: ['4401'], caseTypes: internetCaseTypes },
      clientId: 'court-guangzhou-internet',
    },
  },
  {
    key: 'hangzhou-internet',
    registration: {
      name: '杭州互联网法院 / Hangzhou Internet Court',
      level: 'basic',
      regionCode: '330106',
      jurisdiction: { regions: ['3301'], caseTypes: internetCaseTypes },
      clientId: 'court-hangzhou-internet',
    },
  },
  {
    key: 'beijing-internet',
    registration: {
      name: '北京互联网法院 / Beijing Internet Court',
      level: 'basic',
      regionCode: '110106',
      jurisdiction: { regions: ['1101'], caseTypes: internetCaseTypes },
      clientId: 'court-beijing-internet',
    },
  },
  {
    key: 'chaoyang',
    registration: {
      name: "北京市朝阳区人民法院 / Beijing Chaoyang District People's Court",
      level: 'basic',
      regionCode: '110105',
      jurisdiction: { regions: ['110105'], caseTypes: [] },
      clientId: 'court-beijing-chaoyang',
    },
  },
];

export interface DemoOrganization {
  name: string;
  kind: OrganizationKind;
  regionCode: string;
  /** Keys of `demoCourts`. */
  linkedCourts: string[];
  /** The categories its mediators mostly take. */
  focus: DisputeCategory[];
}

const neighbourhood: DisputeCategory[] = ['traffic_accident', 'labour', 'family', 'property_management'];
const ecommerce: DisputeCategory[] = [
  'online_shopping_contract',
  'online_service_contract',
  'online_product_liability',
];
const finance: DisputeCategory[] = ['financial_loan_contract', 'small_loan_contract'];
const intellectualProperty: DisputeCategory[] = ['online_copyright', 'domain_name', 'online_personality_rights'];
const crossBorderTrade: DisputeCategory[] = ['commercial', 'online_shopping_contract', 'financial_loan_contract'];

export const demoOrganizations: readonly DemoOrganization[] = [
  // Guangdong
  org(
    "深圳市福田区人民调解委员会 / Futian District People's Mediation Committee",
    'peoples_mediation_committee',
    '440304',
    ['futian'],
    [...neighbourhood, 'commercial'],
  ),
  org(
    "深圳市南山区粤海街道人民调解委员会 / Yuehai Subdistrict People's Mediation Committee, Nanshan",
    'peoples_mediation_committee',
    '440305',
    ['shenzhen-intermediate'],
    neighbourhood,
  ),
  org(
    "广州市天河区人民调解委员会 / Tianhe District People's Mediation Committee",
    'peoples_mediation_committee',
    '440106',
    ['guangzhou-internet'],
    neighbourhood,
  ),
  org(
    '深圳市福田区人民法院诉调对接中心 / Futian Court Litigation-Mediation Centre',
    'court_annexed',
    '440304',
    ['futian'],
    [...neighbourhood, ...ecommerce, 'commercial'],
  ),
  org(
    '广州互联网法院在线调解中心 / Guangzhou Internet Court Online Mediation Centre',
    'court_annexed',
    '440111',
    ['guangzhou-internet'],
    internetCaseTypes,
  ),
  org(
    '广东省电子商务协会纠纷调解中心 / Guangdong E-commerce Association Mediation Centre',
    'industry',
    '440106',
    ['guangzhou-internet'],
    ecommerce,
  ),
  org(
    '深圳市金融纠纷调解中心 / Shenzhen Financial Dispute Mediation Centre',
    'industry',
    '440304',
    ['futian', 'shenzhen-intermediate'],
    [...finance, 'commercial'],
  ),
  org(
    '广州市物业管理纠纷调解委员会 / Guangzhou Property Management Mediation Committee',
    'industry',
    '440106',
    ['guangzhou-internet'],
    ['property_management'],
  ),
  org(
    '深圳国际仲裁院调解中心 / SCIA Mediation Centre (Qianhai)',
    'cross_border',
    '440305',
    ['shenzhen-intermediate'],
    crossBorderTrade,
  ),
  org(
    '粤港澳大湾区国际商事调解中心 / Greater Bay Area International Commercial Mediation Centre',
    'cross_border',
    '440305',
    ['shenzhen-intermediate', 'futian'],
    crossBorderTrade,
  ),
  // Zhejiang
  org(
    "杭州市西湖区人民调解委员会 / Xihu District People's Mediation Committee",
    'peoples_mediation_committee',
    '330106',
    ['hangzhou-internet'],
    neighbourhood,
  ),
  org(
    "杭州市滨江区长河街道人民调解委员会 / Changhe Subdistrict People's Mediation Committee, Binjiang",
    'peoples_mediation_committee',
    '330108',
    ['hangzhou-internet'],
    neighbourhood,
  ),
  org(
    '杭州互联网法院诉调对接中心 / Hangzhou Internet Court Litigation-Mediation Centre',
    'court_annexed',
    '330106',
    ['hangzhou-internet'],
    internetCaseTypes,
  ),
  org(
    '浙江省电子商务纠纷调解中心 / Zhejiang E-commerce Dispute Mediation Centre',
    'industry',
    '330106',
    ['hangzhou-internet'],
    [...ecommerce, ...finance],
  ),
  org(
    '杭州市知识产权纠纷人民调解委员会 / Hangzhou IP Dispute Mediation Committee',
    'industry',
    '330102',
    ['hangzhou-internet'],
    intellectualProperty,
  ),
  // Beijing
  org(
    "北京市朝阳区人民调解委员会 / Chaoyang District People's Mediation Committee",
    'peoples_mediation_committee',
    '110105',
    ['chaoyang'],
    [...neighbourhood, 'commercial'],
  ),
  org(
    "北京市朝阳区望京街道人民调解委员会 / Wangjing Subdistrict People's Mediation Committee",
    'peoples_mediation_committee',
    '110105',
    ['chaoyang'],
    neighbourhood,
  ),
  org(
    '北京互联网法院在线调解中心 / Beijing Internet Court Online Mediation Centre',
    'court_annexed',
    '110106',
    ['beijing-internet'],
    internetCaseTypes,
  ),
  org(
    '北京市版权纠纷调解中心 / Beijing Copyright Dispute Mediation Centre',
    'industry',
    '110108',
    ['beijing-internet'],
    intellectualProperty,
  ),
  org(
    '中国国际贸易促进委员会调解中心 / CCPIT Mediation Center',
    'cross_border',
    '110102',
    ['beijing-internet', 'chaoyang'],
    crossBorderTrade,
  ),
];

function org(
  name: string,
  kind: OrganizationKind,
  regionCode: string,
  linkedCourts: string[],
  focus: DisputeCategory[],
): DemoOrganization {
  return { name, kind, regionCode, linkedCourts, focus };
}

/** Districts of each demo city, by city code. */
const districts: Record<string, string[]> = {
  '4403': ['440303', '440304', '440305', '440306', '440307'],
  '4401': ['440103', '440104', '440105', '440106', '440111'],
  '3301': ['330102', '330105', '330106', '330108', '330110'],
  '1101': ['110101', '110102', '110105', '110106', '110108'],
};

/** How many mediators an organization of each kind has, relatively. */
const kindWeight: Record<OrganizationKind, number> = {
  peoples_mediation_committee: 5,
  court_annexed: 7,
  industry: 5,
  cross_border: 3,
};

const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余叶杜苏魏程吕丁沈任姚卢钟姜崔谭陆汪范廖石金韦贾夏付方邹熊白孟秦邱侯江尹',
];
const givenCharacters = [
  ...'伟芳娜敏静丽强磊洋艳勇军杰娟涛明超霞平刚桂英华建国志文玉兰秀红梅琳颖慧晨宇浩然思雨欣怡子涵嘉俊晓东海燕佳琪鹏飞婷雪立新永春',
];

/** The sign-in name (`sub`) of the n-th demo mediator, counting from 1: `mediator-001`. */
export const demoMediatorSubject = (n: number) => `mediator-${String(n).padStart(3, '0')}`;

/**
 * The n-th demo mediator (from 1), registered with `organizationIds[k]` standing for
 * `demoOrganizations[k]`. `conflictPool` holds ID numbers a few mediators must not mediate for.
 */
export function demoMediator(
  n: number,
  organizationIds: readonly string[],
  conflictPool: readonly string[],
): MediatorRegistration {
  const random = randomFor(`mediator:${n}`);
  const orgIndex = weightedOrganization(random);
  const organization = demoOrganizations[orgIndex] as DemoOrganization;
  const cityCode = organization.regionCode.slice(0, 4);
  const province = organization.regionCode.slice(0, 2);
  const subjectId = demoMediatorSubject(n);

  const regions = new Set([organization.regionCode]);
  if (random() < 0.4) regions.add(cityCode);
  if (random() < 0.3) regions.add(pick(random, districts[cityCode] ?? [organization.regionCode]));

  const specialties = new Set(some(random, organization.focus, between(random, 1, 3)));
  if (random() < 0.15) specialties.add(pick(random, ['commercial', 'labour', 'online_service_contract'] as const));

  const crossBorder = organization.kind === 'cross_border';
  const languages = ['zh'];
  if (province === '44' && random() < 0.5) languages.push('yue');
  if (province === '33' && random() < 0.1) languages.push('wuu');
  if (random() < (crossBorder ? 0.95 : 0.1)) languages.push('en');

  const leave: LeavePeriod[] = [];
  if (random() < 0.12) {
    const from = addDays(demoRosterEpoch, between(random, 0, 150));
    leave.push({ from, to: addDays(new Date(`${from}T00:00:00Z`), between(random, 3, 21)) });
  }

  const conflictIdNumbers =
    conflictPool.length > 0 && random() < 0.06 ? some(random, conflictPool, between(random, 1, 2)) : [];

  const phonePrefix = pick(random, ['135', '136', '137', '138', '139', '158', '177', '186', '188']);
  return {
    subjectId,
    name: `${pick(random, surnames)}${pick(random, givenCharacters)}${random() < 0.7 ? pick(random, givenCharacters) : ''}`,
    contact: {
      phone: `+86${phonePrefix}${String(between(random, 0, 99_999_999)).padStart(8, '0')}`,
      ...(random() < 0.4 ? { email: `${subjectId}@mediators.demo.example` } : {}),
    },
    organizationId: organizationIds[orgIndex] as string,
    specialties: [...specialties],
    languages,
    regions: [...regions],
    online: random() < (organization.kind === 'court_annexed' || crossBorder ? 0.85 : 0.5),
    capacity: between(random, 3, 10),
    leave,
    crossBorderQualified: random() < (crossBorder ? 0.9 : 0.04),
    conflictIdNumbers,
  };
}

const totalWeight = demoOrganizations.reduce((sum, organization) => sum + kindWeight[organization.kind], 0);

function weightedOrganization(random: Random): number {
  let roll = random() * totalWeight;
  for (const [index, organization] of demoOrganizations.entries()) {
    roll -= kindWeight[organization.kind];
    if (roll < 0) return index;
  }
  return demoOrganizations.length - 1;
}

function addDays(day: Date, days: number): string {
  return new Date(day.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
