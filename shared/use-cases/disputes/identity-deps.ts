import type { Clock } from '../../ports/clock';
import type { IdentityChecks, PersonConsentWriter } from '../../ports/identity-checks';
import type { PiiVault } from '../../ports/pii-vault';
import type { StateStore } from '../../ports/state-store';

/**
 * What the disputes that record who acts (filing, joining, consent) need: the store, time, the
 * vault, and the people feature's identity checks and consent write, lent by the composition root.
 */
export interface DisputeIdentityDeps {
  store: StateStore;
  clock: Clock;
  vault: PiiVault;
  identityChecks: IdentityChecks;
  personConsentWrite: PersonConsentWriter;
}
