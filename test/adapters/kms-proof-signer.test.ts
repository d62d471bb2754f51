import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsProofSigner } from '../../shared/adapters/kms/kms-proof-signer';
import { signatureIsValid } from '../../shared/domain/proof/checkpoint';

/**
 * No KMS runs here, so this is a mock of KMS: a loopback server speaking KMS's JSON protocol
 * (`TrentService.Sign`, `TrentService.GetPublicKey`) over a real P-256 key, signing as KMS does for
 * ECDSA_SHA_256 with MessageType RAW (SHA-256 of the message, DER signature).
 */
describe('KmsProofSigner against a mock KMS endpoint (no KMS runs here)', () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const calls: Array<{ target: string; body: Record<string, string> }> = [];
  let server: Server;
  let signer: KmsProofSigner;

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      let text = '';
      for await (const chunk of request) text += String(chunk);
      const target = String(request.headers['x-amz-target']);
      const body = JSON.parse(text) as Record<string, string>;
      calls.push({ target, body });
      const answer =
        target === 'TrentService.Sign'
          ? {
              KeyId: body.KeyId,
              SigningAlgorithm: body.SigningAlgorithm,
              Signature: sign('sha256', Buffer.from(body.Message ?? '', 'base64'), keys.privateKey).toString('base64'),
            }
          : {
              KeyId: body.KeyId,
              KeySpec: 'ECC_NIST_P256',
              KeyUsage: 'SIGN_VERIFY',
              PublicKey: keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
            };
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const kms = new KMSClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'ap-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    signer = new KmsProofSigner(kms, 'arn:aws:kms:ap-east-1:000000000000:key/proof');
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks KMS for an ECDSA_SHA_256 signature of the raw message, which the public key verifies', async () => {
    const message = Buffer.from('{"chainId":"SERVICE#svc_1","seq":3}');
    const signature = await signer.sign(message);

    expect(calls.at(-1)).toEqual({
      target: 'TrentService.Sign',
      body: {
        KeyId: 'arn:aws:kms:ap-east-1:000000000000:key/proof',
        Message: message.toString('base64'),
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      },
    });
    const pem = await signer.publicKeyPem();
    expect(signatureIsValid(message, signature, pem)).toBe(true);
    expect(signatureIsValid(Buffer.from('another message'), signature, pem)).toBe(false);
  });

  it('turns the DER public key KMS returns into PEM, and reads it once', async () => {
    const before = calls.filter((call) => call.target === 'TrentService.GetPublicKey').length;
    const pem = await signer.publicKeyPem();
    await signer.publicKeyPem();

    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n$/);
    expect(createPublicKey(pem).export({ type: 'spki', format: 'pem' })).toBe(
      keys.publicKey.export({ type: 'spki', format: 'pem' }),
    );
    expect(calls.filter((call) => call.target === 'TrentService.GetPublicKey').length - before).toBeLessThanOrEqual(1);
  });
});
