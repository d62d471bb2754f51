import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localCredentials } from '../../infra/local/emulators';
import { LocalProofSigner } from '../../shared/adapters/crypto/local-proof-signer';
import { serviceRecords } from '../../shared/adapters/dynamodb/service-records';
import { checkpointDueKey } from '../../shared/adapters/dynamodb/state-store';
import { checkpointObjectKey } from '../../shared/adapters/s3/s3-checkpoint-store';
import { type ChainedEvent, hashEvent } from '../../shared/domain/hash-chain';
import { type CheckpointStatement, statementBytes } from '../../shared/domain/proof/checkpoint';
import { type ProofBundle, verifyProofBundle } from '../../shared/domain/proof/proof-bundle';
import { recipientChainId, serviceChainId } from '../../shared/domain/service/service-chains';
import { eventually } from '../support/eventually';
import { testCheckpointBucket } from '../support/http-harness';
import { addAddresses } from '../support/portal-fixtures';
import { projectRoot } from '../support/project-root';
import {
  pdf,
  type SeededPerson,
  type ServiceHarness,
  seedPerson,
  startServiceHarness,
} from '../support/service-harness';

const operator: ['operator', string] = ['operator', 'op-proof'];
const mobile = () => `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const run = promisify(execFile);

/**
 * DESIGN.md, Proof: a proof holds even against someone who can write the table. Each test serves a
 * recipient on the embedded stack, lets the checkpointer sign the chains, then changes the table
 * (or the checkpoint bucket, or the bundle) as such a writer could, and expects the platform's own
 * check and the offline verifier (the domain function and `npm run verify-proof`) to report it.
 */
describe('proofs of service against a writer of the table', () => {
  let h: ServiceHarness;
  let publicKey: string;
  beforeAll(async () => {
    h = await startServiceHarness();
    publicKey = (await h.call('GET', '/proof-key')).json.publicKeyPem;
  });
  afterAll(() => h?.stop());

  async function servedAtDelivery(): Promise<{ serviceId: string; recipientId: string; chainId: string }> {
    const person = await seedPerson(h.store);
    await addresses(person, [{ channel: 'sms', value: mobile(), source: 'recipient_designated' }]);
    const served = await serve(person);
    expect((await h.whenClosed(served.recipientId)).status).toBe('succeeded');
    await headRecorded(served.serviceId, served.recipientId);
    await h.checkpoint();
    return served;
  }

  /** The service's chain records the settled recipient's head (from the outbox, soon after). */
  async function headRecorded(serviceId: string, recipientId: string) {
    await eventually(`the service chain of ${serviceId} records ${recipientId}'s head`, async () => {
      const { events } = await h.store.readChain(serviceChainId(serviceId));
      expect(events.map((event) => [event.type, event.data.recipientId])).toContainEqual([
        'service.recipient_head',
        recipientId,
      ]);
    });
  }

  const addresses = (person: SeededPerson, list: Array<Record<string, unknown>>) => addAddresses(h, person, list);

  async function serve(person: SeededPerson) {
    const response = await h.call('POST', '/v1/services', {
      as: operator,
      body: {
        document: { title: '民事裁定书', kind: 'ruling', mediaType: 'application/pdf', contentBase64: pdf() },
        recipients: [{ personId: person.personId }],
      },
    });
    expect(response.status, response.text).toBe(201);
    const serviceId = response.json.serviceId as string;
    const recipientId = response.json.recipients[0].recipientId as string;
    return { serviceId, recipientId, chainId: recipientChainId(serviceId, recipientId) };
  }

  async function proof(serviceId: string): Promise<ProofBundle> {
    const response = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: operator });
    expect(response.status, response.text).toBe(200);
    return response.json as ProofBundle;
  }

  async function storedEvents(chainId: string): Promise<ChainedEvent[]> {
    const result = await h.client.send(
      new QueryCommand({
        TableName: h.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
        ExpressionAttributeValues: { ':pk': chainId, ':events': 'EVENT#' },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => item.event as ChainedEvent);
  }

  const eventKey = (chainId: string, seq: number) => ({ pk: chainId, sk: `EVENT#${String(seq).padStart(10, '0')}` });

  async function setHead(chainId: string, head: { seq: number; hash: string }) {
    await h.client.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: { pk: chainId, sk: 'ROOT' },
        UpdateExpression: 'SET chainSeq = :seq, chainHash = :hash',
        ExpressionAttributeValues: { ':seq': head.seq, ':hash': head.hash },
      }),
    );
  }

  /** Edits one event and re-hashes it and every later one, and moves the head: the links all hold. */
  async function rewrite(chainId: string, type: string, edit: (data: Record<string, unknown>) => void) {
    const events = await storedEvents(chainId);
    const index = events.findIndex((event) => event.type === type);
    expect(index, `${chainId} has a ${type} event`).toBeGreaterThanOrEqual(0);
    edit((events[index] as ChainedEvent).data);
    let prevHash = index === 0 ? '0'.repeat(64) : (events[index - 1] as ChainedEvent).hash;
    for (const event of events.slice(index)) {
      const { prevHash: _old, hash: _hash, ...content } = event;
      event.prevHash = prevHash;
      event.hash = hashEvent(content, prevHash);
      prevHash = event.hash;
      await h.client.send(new PutCommand({ TableName: h.tableName, Item: { ...eventKey(chainId, event.seq), event } }));
    }
    const last = events.at(-1) as ChainedEvent;
    await setHead(chainId, { seq: last.seq, hash: last.hash });
    return (events[index] as ChainedEvent).seq;
  }

  function offline(bundle: ProofBundle) {
    return verifyProofBundle(bundle, publicKey);
  }

  async function putCheckpointObject(chainId: string, seq: number, body: unknown) {
    const stack = inject('stack');
    const s3 = new S3Client({
      endpoint: stack.s3,
      region: stack.region,
      credentials: localCredentials,
      forcePathStyle: true,
    });
    await s3.send(
      new PutObjectCommand({
        Bucket: testCheckpointBucket,
        Key: checkpointObjectKey(chainId, seq),
        Body: JSON.stringify(body),
      }),
    );
    s3.destroy();
  }

  it('signs every chain that moved, and an untouched proof holds on the platform and offline', async () => {
    const { serviceId } = await servedAtDelivery();
    const bundle = await proof(serviceId);
    const recipient = bundle.recipients[0];
    expect(recipient?.status).toBe('served');
    expect(recipient?.served?.rule).toBe('delivered_to_recipient_designated_address');
    expect(recipient?.chain.verification).toEqual({
      intact: true,
      length: recipient?.chain.events.length,
      checkpointedThrough: recipient?.chain.head.seq,
    });
    expect(bundle.chain.verification, "the service's chain: its request and the recipient's head").toMatchObject({
      intact: true,
      checkpointedThrough: 2,
    });
    expect(bundle.chain.events.at(-1)?.data).toMatchObject({
      recipientId: recipient?.recipientId,
      seq: recipient?.chain.head.seq,
      hash: recipient?.chain.head.hash,
      status: 'served',
    });
    expect(recipient?.discrepancies).toBeUndefined();
    expect(offline(bundle)).toEqual([]);
    expect((await h.checkpoint()).signed, 'nothing moved since: nothing to sign').toBe(0);
  });

  it('reports a recipient fact edited and the chain re-hashed to the end', async () => {
    const { serviceId, chainId } = await servedAtDelivery();
    const checkpointed = (await proof(serviceId)).recipients[0]?.chain.head.seq as number;
    await rewrite(chainId, 'service.served', (data) => {
      (data.served as { at: string }).at = '2020-01-01T00:00:00.000Z';
    });

    const bundle = await proof(serviceId);
    const verdict = { intact: false, brokenAt: checkpointed, reason: 'checkpoint_mismatch' };
    expect(bundle.recipients[0]?.chain.verification, 'the links hold, the signed head does not').toEqual(verdict);
    expect(offline(bundle)).toContainEqual({ where: chainId, reason: 'checkpoint_mismatch', brokenAt: checkpointed });
    // When the chain next moves (its commit marks it), the checkpointer looks and refuses to sign it.
    await h.client.send(
      new PutCommand({
        TableName: h.tableName,
        Item: { ...checkpointDueKey(chainId), chainId, seq: checkpointed + 1 },
      }),
    );
    const refusal = await h.checkpoint();
    expect(refusal.refused, 'the checkpointer signs no rewritten chain').toContainEqual({
      chainId,
      brokenAt: checkpointed,
      reason: 'checkpoint_mismatch',
    });
  });

  it("states the chain's facts, not an edited recipient item, and says where the item disagrees", async () => {
    const { serviceId, recipientId } = await servedAtDelivery();
    const before = (await proof(serviceId)).recipients[0]?.served;
    await h.client.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: serviceRecords.recipientKey(serviceId, recipientId),
        UpdateExpression: 'SET served.#at = :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': '2020-01-01T00:00:00.000Z' },
      }),
    );
    const bundle = await proof(serviceId);
    expect(bundle.recipients[0]?.served).toEqual(before);
    expect(bundle.recipients[0]?.discrepancies).toEqual(['served']);
    expect(offline(bundle)).toEqual([]);
  });

  it('reports events deleted at the end with the head moved back', async () => {
    const { serviceId, chainId } = await servedAtDelivery();
    const events = await storedEvents(chainId);
    const last = events.at(-1) as ChainedEvent;
    const kept = events.at(-2) as ChainedEvent;
    await h.client.send(new DeleteCommand({ TableName: h.tableName, Key: eventKey(chainId, last.seq) }));
    await setHead(chainId, { seq: kept.seq, hash: kept.hash });

    const bundle = await proof(serviceId);
    const verdict = { intact: false, brokenAt: last.seq, reason: 'checkpoint_beyond_chain' };
    expect(bundle.recipients[0]?.chain.verification).toEqual(verdict);
    expect(offline(bundle)).toContainEqual({ where: chainId, reason: 'checkpoint_beyond_chain', brokenAt: last.seq });
  });

  it('reports an event deleted in the middle, and two events swapped', async () => {
    const deleted = await servedAtDelivery();
    await h.client.send(new DeleteCommand({ TableName: h.tableName, Key: eventKey(deleted.chainId, 2) }));
    const gap = await proof(deleted.serviceId);
    expect(gap.recipients[0]?.chain.verification).toEqual({ intact: false, brokenAt: 2, reason: 'sequence_gap' });
    expect(offline(gap)).toContainEqual({ where: deleted.chainId, reason: 'sequence_gap', brokenAt: 2 });

    const swapped = await servedAtDelivery();
    const [first, second] = (await storedEvents(swapped.chainId)).slice(1, 3) as [ChainedEvent, ChainedEvent];
    await h.client.send(
      new PutCommand({ TableName: h.tableName, Item: { ...eventKey(swapped.chainId, 2), event: second } }),
    );
    await h.client.send(
      new PutCommand({ TableName: h.tableName, Item: { ...eventKey(swapped.chainId, 3), event: first } }),
    );
    const reordered = await proof(swapped.serviceId);
    expect(reordered.recipients[0]?.chain.verification).toEqual({ intact: false, brokenAt: 2, reason: 'sequence_gap' });
    expect(offline(reordered)).toContainEqual({ where: swapped.chainId, reason: 'sequence_gap', brokenAt: 2 });
  });

  it("reports a recipient's chain rewritten after the service's chain recorded its head, before its own checkpoint", async () => {
    const person = await seedPerson(h.store);
    await addresses(person, [{ channel: 'sms', value: mobile(), source: 'recipient_designated' }]);
    const { serviceId, recipientId, chainId } = await serve(person);
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    await headRecorded(serviceId, recipientId);
    // The checkpointer has signed the service's chain but not yet reached the recipient's.
    await h.client.send(new DeleteCommand({ TableName: h.tableName, Key: checkpointDueKey(chainId) }));
    await h.checkpoint();
    const seq = await rewrite(chainId, 'service.served', (data) => {
      (data.served as { at: string }).at = '2020-01-01T00:00:00.000Z';
    });
    const head = (await storedEvents(chainId)).at(-1)?.seq as number;

    const bundle = await proof(serviceId);
    expect(bundle.recipients[0]?.chain.verification).toEqual({
      intact: false,
      brokenAt: head,
      reason: 'recipient_head_mismatch',
    });
    expect(seq).toBeLessThanOrEqual(head);
    expect(offline(bundle)).toContainEqual({ where: chainId, reason: 'recipient_head_mismatch', brokenAt: head });
  });

  it('reports a checkpoint the proof key did not sign', async () => {
    const { serviceId, chainId } = await servedAtDelivery();
    const head = (await storedEvents(chainId)).at(-1) as ChainedEvent;
    const forger = new LocalProofSigner(LocalProofSigner.generatePrivateKeyPem());
    const statement: CheckpointStatement = {
      kind: 'chain-checkpoint',
      version: 1,
      chainId,
      seq: head.seq + 1,
      hash: head.hash,
      at: new Date().toISOString(),
      keyId: (await proof(serviceId)).signature.keyId,
    };
    await putCheckpointObject(chainId, statement.seq, {
      statement,
      signature: await forger.sign(statementBytes(statement)),
    });

    const bundle = await proof(serviceId);
    const verdict = { intact: false, brokenAt: statement.seq, reason: 'checkpoint_signature_invalid' };
    expect(bundle.recipients[0]?.chain.verification).toEqual(verdict);
    expect(offline(bundle)).toContainEqual({ where: chainId, reason: verdict.reason, brokenAt: verdict.brokenAt });
  });

  it('reports an older checkpoint replayed, in the bucket or in the bundle', async () => {
    const person = await seedPerson(h.store, { consent: null });
    const { serviceId, recipientId, chainId } = await serve(person);
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    await h.checkpoint();
    const alternative = await h.call('POST', `/v1/services/${serviceId}/alternative-service`, {
      as: operator,
      body: { recipientId, method: 'post', reference: 'EMS-1' },
    });
    expect(alternative.status, alternative.text).toBe(200);
    await h.checkpoint();
    const signed = (await proof(serviceId)).recipients[0]?.chain.checkpoints ?? [];
    expect(signed.map((checkpoint) => checkpoint.statement.seq)).toHaveLength(2);
    const [older, newer] = signed as [(typeof signed)[0], (typeof signed)[0]];

    // In the bundle: the newest checkpoint left out, so the older one looks like the latest.
    const intact = await proof(serviceId);
    const trimmed = structuredClone(intact);
    (trimmed.recipients[0] as (typeof trimmed.recipients)[0]).chain.checkpoints.pop();
    expect(offline(trimmed)).toContainEqual({ where: 'bundle', reason: 'bundle_signature_invalid' });

    // In the bucket: the older checkpoint filed again as if it came after the newest.
    await putCheckpointObject(chainId, newer.statement.seq + 1, older);
    const bundle = await proof(serviceId);
    const verdict = { intact: false, brokenAt: older.statement.seq, reason: 'checkpoint_out_of_order' };
    expect(bundle.recipients[0]?.chain.verification).toEqual(verdict);
    expect(offline(bundle)).toContainEqual({ where: chainId, reason: verdict.reason, brokenAt: verdict.brokenAt });
  });

  it('reports a bundle edited after the platform signed it', async () => {
    const { serviceId, recipientId } = await servedAtDelivery();
    const bundle = await proof(serviceId);
    const edited = structuredClone(bundle);
    (edited.recipients[0]?.served as { at: string }).at = '2020-01-01T00:00:00.000Z';
    expect(offline(edited)).toEqual([
      { where: 'bundle', reason: 'bundle_signature_invalid' },
      { where: recipientId, reason: 'facts_disagree_with_chain', field: 'served' },
    ]);
  });

  it('checks a bundle offline with `npm run verify-proof`, naming the first broken link', async () => {
    const { serviceId, chainId } = await servedAtDelivery();
    const folder = await mkdtemp(join(tmpdir(), 'verify-proof-'));
    const keyFile = join(folder, 'proof-key.pem');
    await writeFile(keyFile, publicKey);
    const verify = async (bundle: ProofBundle) => {
      const file = join(folder, `${bundle.serviceId}-${Date.now()}.json`);
      await writeFile(file, JSON.stringify(bundle));
      const script = join(projectRoot, 'functions/cli/verify-proof.ts');
      return run(process.execPath, ['--import', 'tsx', script, file, '--key', keyFile], { cwd: projectRoot }).then(
        (done) => ({ code: 0, out: done.stdout }),
        (failed: { code: number; stdout: string }) => ({ code: failed.code, out: failed.stdout }),
      );
    };

    const holds = await verify(await proof(serviceId));
    expect(holds.code, holds.out).toBe(0);
    expect(holds.out).toMatch(/^holds: proof of service/);

    const checkpointed = (await proof(serviceId)).recipients[0]?.chain.head.seq as number;
    await rewrite(chainId, 'service.served', (data) => {
      (data.served as { at: string }).at = '2020-01-01T00:00:00.000Z';
    });
    const broken = await verify(await proof(serviceId));
    expect(broken.code, broken.out).toBe(1);
    expect(broken.out).toContain(`DOES NOT HOLD: ${chainId}: broken at event ${checkpointed} (checkpoint_mismatch)`);
  });
});
