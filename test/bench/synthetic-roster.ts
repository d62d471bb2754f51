import { createHash } from 'node:crypto';
import { seededRandom } from '../../infra/local/seed/seeded-random';
import { type DisputeCategory, disputeCategories } from '../../shared/domain/mediation/categories';
import type { Dispute } from '../../shared/domain/mediation/dispute';
import type { CategoryRecord, LeavePeriod, Mediator } from '../../shared/domain/mediation/mediator';

/** Re-exported for the benchmarks: one seedable PRNG for demo data and synthetic rosters. */
export { seededRandom };

/**
 * A deterministic, realistic roster of mediators for benchmarks and seeding: the same `(count, seed)`
 * always gives the same mediators. Regions come from a few provinces' division codes (GB/T 2260),
 * categories are weighted as the internet courts' caseloads are (shopping and loan contracts most),
 * and capacities, loads, leave, conflicts and outcome records vary the way a real roster does.
 */

interface Province {
  code: string;
  cities: { code: string; districts: string[] }[];
  /** Regional languages besides Mandarin, with the share of mediators who speak them. */
  languages: [string, number][];
}

/** Divisions of five provinces: Guangdong, Beijing, Shanghai, Zhejiang, Sichuan. */
export const syntheticProvinces: readonly Province[] = [
  {
    code: '44',
    cities: [
      { code: '4401', districts: ['440103', '440104', '440106', '440111'] },
      { code: '4403', districts: ['440303', '440304', '440305', '440306'] },
    ],
    languages: [['yue', 0.45]],
  },
  { code: '11', cities: [{ code: '1101', districts: ['110101', '110102', '110105', '110108'] }], languages: [] },
  { code: '31', cities: [{ code: '3101', districts: ['310101', '310104', '310115'] }], languages: [['wuu', 0.2]] },
  { code: '33', cities: [{ code: '3301', districts: ['330102', '330106', '330108'] }], languages: [['wuu', 0.15]] },
  { code: '51', cities: [{ code: '5101', districts: ['510104', '510107'] }], languages: [] },
];

/** Relative caseload of each category (internet-court types dominate online mediation). */
const categoryWeights: Record<DisputeCategory, number> = {
  online_shopping_contract: 18,
  online_service_contract: 10,
  financial_loan_contract: 14,
  small_loan_contract: 10,
  online_copyright: 8,
  online_personality_rights: 5,
  online_product_liability: 4,
  domain_name: 1,
  traffic_accident: 9,
  labour: 7,
  family: 6,
  property_management: 5,
  commercial: 6,
};

/** How many distinct persons and companies the roster's conflicts are drawn from. */
export const SYNTHETIC_CONFLICT_POOL = 2_000;

/** The look-up hash of the n-th synthetic person or company (an HMAC in production; SHA-256 here). */
export function syntheticPartyHash(n: number): string {
  return createHash('sha256').update(`synthetic-party-${n}`).digest('hex');
}

const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
];
const givenNames = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '建华',
  '志强',
];

/** The calendar day around which leave periods are placed (the benchmarks rank on this day). */
export const SYNTHETIC_TODAY = '2026-03-16';

export function syntheticMediators(count: number, seed: number): Mediator[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const hashes = new Map<number, string>();
  const partyHash = (n: number) => {
    let hash = hashes.get(n);
    if (hash === undefined) {
      hash = syntheticPartyHash(n);
      hashes.set(n, hash);
    }
    return hash;
  };
  const totalWeight = disputeCategories.reduce((sum, category) => sum + categoryWeights[category], 0);
  const weightedCategory = (): DisputeCategory => {
    let roll = random() * totalWeight;
    for (const category of disputeCategories) {
      roll -= categoryWeights[category];
      if (roll < 0) return category;
    }
    return 'commercial';
  };

  const mediators: Mediator[] = [];
  for (let index = 0; index < count; index++) {
    const province = pick(syntheticProvinces);
    const city = pick(province.cities);
    const regions = new Set<string>();
    for (let r = between(1, 3); r > 0; r--) {
      const scope = random();
      regions.add(scope < 0.6 ? pick(pick(province.cities).districts) : scope < 0.9 ? city.code : province.code);
    }

    const languages = random() < 0.97 ? ['zh'] : [];
    for (const [language, share] of province.languages) if (random() < share) languages.push(language);
    if (random() < (languages.length === 0 ? 1 : 0.15)) languages.push('en');

    const specialties = new Set<DisputeCategory>();
    for (let s = between(1, 4); s > 0; s--) specialties.add(weightedCategory());

    const capacity = between(3, 15);
    const activeCases = random() < 0.12 ? capacity : between(0, capacity - 1);

    const leave: LeavePeriod[] = [];
    if (random() < 0.12) {
      const from = addDays(SYNTHETIC_TODAY, between(-20, 20));
      leave.push({ from, to: addDays(from, between(3, 21)) });
    }

    const conflicts: string[] = [];
    for (let c = between(0, 4); c > 0; c--) conflicts.push(partyHash(Math.floor(random() * SYNTHETIC_CONFLICT_POOL)));

    const record: Partial<Record<DisputeCategory, CategoryRecord>> = {};
    let closedTotal = 0;
    for (const category of specialties) {
      const closed = random() < 0.1 ? 0 : Math.floor(random() ** 2 * 150);
      const rate = 0.4 + random() * 0.5;
      record[category] = { settled: Math.round(closed * rate), closed };
      closedTotal += closed;
    }

    const id = `med_${String(index + 1).padStart(5, '0')}`;
    const mediator: Mediator = {
      id,
      subjectId: syntheticUuid(random),
      name: `${pick(surnames)}${pick(givenNames)}`,
      contact: { phone: `+86139${String(index + 1).padStart(8, '0')}`, email: `${id}@mediators.example` },
      organizationId: `org_${String(between(1, 20)).padStart(2, '0')}`,
      specialties: [...specialties],
      languages,
      regions: [...regions],
      online: random() < 0.55,
      capacity,
      activeCases,
      leave,
      crossBorderQualified: random() < 0.06,
      conflicts,
      record,
    };
    if (random() >= 0.15) mediator.responseHoursMedian = Math.round(0.25 + random() ** 2 * 72 * 10) / 10;
    if (closedTotal > 0)
      mediator.rating = { mean: Math.round((3 + random() * 2) * 10) / 10, count: Math.ceil(closedTotal * 0.6) };
    mediators.push(mediator);
  }
  return mediators;
}

function syntheticUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Open disputes for a roster (the batch's input): the same `(count, seed)` always gives the same
 * disputes. Categories are weighted as the roster's specialties are; the dispute is handled in one
 * of the provinces' districts, its subject matter mostly in the same one; most parties accept online
 * mediation; parties are drawn from the roster's conflict pool, so conflicts of interest bite. Some
 * parties posted picks among `mediatorIds`, and some disputes were offered before (declined or
 * expired offers): those mediators are left out of their pairs.
 */
export function syntheticOpenDisputes(count: number, seed: number, mediatorIds: readonly string[]): Dispute[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const districts = syntheticProvinces.flatMap((province) => province.cities.flatMap((city) => city.districts));
  const totalWeight = disputeCategories.reduce((sum, category) => sum + categoryWeights[category], 0);
  const weightedCategory = (): DisputeCategory => {
    let roll = random() * totalWeight;
    for (const category of disputeCategories) {
      roll -= categoryWeights[category];
      if (roll < 0) return category;
    }
    return 'commercial';
  };
  const disputes: Dispute[] = [];
  for (let index = 0; index < count; index++) {
    const regionCode = pick(districts);
    const partyIds = ['pty_applicant', 'pty_respondent'];
    const picks: Record<string, string[]> = {};
    if (random() < 0.2) {
      for (const partyId of partyIds) picks[partyId] = Array.from({ length: between(1, 3) }, () => pick(mediatorIds));
    }
    const offeredMediatorIds = random() < 0.15 ? Array.from({ length: between(1, 2) }, () => pick(mediatorIds)) : [];
    disputes.push({
      id: `dsp_${String(index + 1).padStart(6, '0')}`,
      status: offeredMediatorIds.length > 0 ? 'awaiting_assignment' : 'triaged',
      category: weightedCategory(),
      claim: { amountMinor: between(10_000, 50_000_000), currency: 'CNY' },
      regionCode,
      subjectMatterRegion: random() < 0.7 ? regionCode : pick(districts),
      language: random() < 0.95 ? 'zh' : 'en',
      summary: '',
      stage: 'pre_filing',
      onlineAccepted: random() < 0.7,
      track: 'simple',
      flags: { crossBorder: random() < 0.03, manyParties: false },
      mediationDeadline: { lastDay: '2026-04-15', endsAt: '2026-04-15T16:00:00.000Z' },
      extension: { used: false, agreedBy: [] },
      partyIds,
      involvedHashes: Array.from({ length: between(2, 3) }, () =>
        syntheticPartyHash(Math.floor(random() * SYNTHETIC_CONFLICT_POOL)),
      ),
      picks,
      offeredMediatorIds,
      filedBy: { role: 'applicant', subjectId: 'sub_applicant' },
      createdAt: `${SYNTHETIC_TODAY}T00:00:00.000Z`,
    });
  }
  return disputes;
}
