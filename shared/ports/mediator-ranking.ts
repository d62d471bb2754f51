import type { DisputeProfile } from '../domain/mediation/dispute';
import type { PicksByParty, Ranking } from '../domain/mediation/matching';

/*
 * The roster ranked for one dispute, as a capability the disputes feature (which recommends
 * mediators to the parties) lends the offers feature (which offers the dispute down the same
 * ranking): offers receive it in their deps, bound by the composition root, and never import it.
 */

export interface EligibleRankingOptions {
  /** Today in Asia/Shanghai (YYYY-MM-DD): decides leave. */
  today: string;
  picks?: PicksByParty;
  limit: number;
}

/** Ranks the mediators a dispute may be offered to, reading only the roster's listings for its profile. */
export type RankEligibleMediators = (profile: DisputeProfile, options: EligibleRankingOptions) => Promise<Ranking>;
