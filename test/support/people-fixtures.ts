import { randomBytes, randomInt } from 'node:crypto';
import { residentIdCheckCharacter } from '../../shared/domain/id-number';
import type { IdentityAssurance } from '../../shared/domain/identity/identity-assurance';
import { personChainId } from '../../shared/domain/identity/person-chain';
import { publicPersonId } from '../../shared/domain/identity/person-id';
import type { ConsentBasis } from '../../shared/domain/mediation/case-party';
import { disputeChainId } from '../../shared/domain/mediation/dispute';
import type { Principal } from '../../shared/domain/principal';
import type { StateStore } from '../../shared/ports/state-store';
import { fixtureOperator } from './mediation-fixtures';

/**
 * A resident ID number of someone born on `birth` (YYYYMMDD) and registered in `region`, with a
 * random sequence number and its GB 11643 check character: one no other test uses, most likely.
 */
export function residentIdNumber(birth: string, region = '440304'): string {
  const first17 = `${region}${birth}${randomInt(100, 1000)}`;
  return first17 + residentIdCheckCharacter(first17);
}

/*
 * People as intake leaves them, written straight through the StateStore: for the flow tests (through
 * service-harness.ts) and for benches, which cannot import what needs vitest.
 */

const tag = () => randomBytes(5).toString('hex');

export interface SeededPerson {
  personHash: string;
  personId: string;
  idLast4: string;
}

/**
 * A person as intake leaves one: the person's record (name, masked ID number, an operator's check
 * of the person's identity document unless `verified: false`, the person's own consent when given,
 * at that level) and the public-id look-up item.
 */
export async function seedPerson(
  store: StateStore,
  options: { consent?: ConsentBasis | null; name?: string; verified?: boolean; actor?: Principal } = {},
): Promise<SeededPerson> {
  const actor = options.actor ?? fixtureOperator;
  const personHash = randomBytes(32).toString('hex');
  const idLast4 = String(1000 + Math.floor(Math.random() * 8999));
  const documentCheck: IdentityAssurance | undefined =
    options.verified === false
      ? undefined
      : {
          level: 'operator_document',
          checkedAt: new Date().toISOString(),
          documentKind: 'resident_id',
          documentId: `scan-${tag()}`,
          documentSha256: randomBytes(32).toString('hex'),
          checkedBy: actor.subjectId,
        };
  const consent =
    options.consent === null
      ? undefined
      : {
          basis: options.consent ?? 'platform_declaration',
          recordedAt: new Date().toISOString(),
          recordedBy: 'self',
          ...(documentCheck ? { assurance: documentCheck } : {}),
        };
  await store.commit({
    chainId: personChainId(personHash),
    writes: [
      store.people.personWrite(0, personHash, {
        lookupHash: personHash,
        kind: 'person',
        name: options.name ?? '张三',
        idMasked: `440308********${idLast4}`,
        // A served person's ID number is never revealed (only a party's, met through a filing).
        ciphertext: 'fixture:not-revealable',
        createdAt: new Date().toISOString(),
        ...(documentCheck ? { identityDocumentCheck: documentCheck } : {}),
        ...(consent ? { serviceConsent: consent } : {}),
      }),
      store.people.personIdWrite(personHash),
    ],
    event: { type: 'person.registered', actor, data: {} },
  });
  return { personHash, personId: publicPersonId(personHash), idLast4 };
}

/**
 * A case of the court with these persons as its parties (as filing a dispute naming the court does),
 * filed by `actor`; its dispute id.
 */
export async function addCourtCase(
  store: StateStore,
  courtId: string,
  persons: readonly { personHash: string }[],
  actor: Principal = fixtureOperator,
): Promise<string> {
  const disputeId = `dsp_${tag()}`;
  await store.commit({
    chainId: disputeChainId(disputeId),
    writes: store.people.courtMembershipWrites(
      courtId,
      disputeId,
      persons.map((person) => person.personHash),
    ),
    event: { type: 'dispute.filed', actor, data: { disputeId } },
  });
  return disputeId;
}
