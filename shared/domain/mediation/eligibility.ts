/**
 * Eligibility by place and category: where a mediator may be found for a dispute without reading the
 * whole roster (DESIGN.md, Operations: "Reads never grow with the roster: eligibility is indexed").
 *
 * Two of matching's hard filters depend only on the mediator's profile and the dispute's category and
 * divisions (matching.ts): `specialty` (the category is among their specialties) and `region` (one of
 * their regions covers the dispute's division or the subject matter's, or they mediate online and
 * every party accepts that). A mediator is therefore listed under one place per specialty and region
 * it serves, and under the online place per specialty when it mediates online; a dispute looks in the
 * places that could cover its divisions, plus the online place when its parties accept online
 * mediation. Every mediator who passes those two filters is found, and only those (matching still
 * applies every filter to what is found).
 */
import { RuleViolation } from '../errors';
import type { DisputeCategory } from './categories';
import type { DisputeProfile } from './dispute';
import type { Mediator } from './mediator';

/** The place of mediators who mediate online: region does not limit them. */
export const ONLINE_PLACE = 'ONLINE';

/**
 * The most places (specialty × region, and specialty online) one mediator may be listed under. Each
 * listing is an item written in the same transaction as the mediator, and DynamoDB takes at most 100
 * items in one: a change that moves every listing deletes the old ones and writes the new ones
 * (2 × 40), and the mediator's own items (the mediator, its event, its chain's marks, or the dispute,
 * offer and membership when a case moves its load) fit in what is left.
 */
export const MAX_ELIGIBILITY_PLACES = 40;

export interface EligibilityPlace {
  category: DisputeCategory;
  /** A region's prefix (matching's `regionPrefix`) or `ONLINE`. */
  place: string;
}

/**
 * The prefix a region covers: the region itself, except that a full six-digit code's trailing `00`
 * pairs are wildcards (`440300` is the city `4403`, `440000` the province `44`).
 */
export function regionPrefix(region: string): string {
  let length = region.length;
  if (length === 6) {
    while (length > 2 && region.charCodeAt(length - 1) === 48 && region.charCodeAt(length - 2) === 48) length -= 2;
  }
  return region.slice(0, length);
}

/** Every place a mediator is listed under, once each. */
export function eligibilityPlaces(mediator: Pick<Mediator, 'specialties' | 'regions' | 'online'>): EligibilityPlace[] {
  const places = new Set<string>();
  for (const region of mediator.regions) {
    const prefix = regionPrefix(region);
    if (prefix.length > 0) places.add(prefix);
  }
  if (mediator.online) places.add(ONLINE_PLACE);
  const listed: EligibilityPlace[] = [];
  for (const category of new Set(mediator.specialties)) {
    for (const place of places) listed.push({ category, place });
  }
  return listed;
}

/**
 * The places to look in for a dispute: every prefix that could cover its division or the subject
 * matter's (regions are division codes of 2, 4 or 6 digits, so their prefixes are too), and the
 * online place when every party accepts online mediation.
 */
export function placesToSearch(
  dispute: Pick<DisputeProfile, 'regionCode' | 'subjectMatterRegion' | 'onlineAccepted'>,
): string[] {
  const places = new Set<string>();
  for (const code of [dispute.regionCode, dispute.subjectMatterRegion]) {
    for (let length = 2; length <= code.length; length += 2) places.add(code.slice(0, length));
  }
  if (dispute.onlineAccepted) places.add(ONLINE_PLACE);
  return [...places];
}

/**
 * Refuses a mediator listed under more places than one change can keep in step
 * (`too_many_places`): fewer specialties or regions, or a wider region (`4403` for its districts).
 */
export function assertListable(mediator: Pick<Mediator, 'specialties' | 'regions' | 'online'>): void {
  const count = eligibilityPlaces(mediator).length;
  if (count > MAX_ELIGIBILITY_PLACES) {
    throw new RuleViolation(
      'too_many_places',
      `specialties × (regions, and online) come to ${count} places; at most ${MAX_ELIGIBILITY_PLACES}: list fewer, or a wider region for its districts`,
      { details: { places: count, max: MAX_ELIGIBILITY_PLACES } },
    );
  }
}
