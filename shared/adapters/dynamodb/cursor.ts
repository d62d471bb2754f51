import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { InvalidInput } from '../../domain/errors';
import * as z from '../../validation/zod-mini';

/**
 * Pagination cursors: the gsi1 query's LastEvaluatedKey, signed with HMAC-SHA-256 over the list it
 * belongs to (`v1.<key>.<mac>`, base64url). Clients pass a cursor back untouched and never read it:
 * a forged, altered, truncated or other list's cursor fails the MAC and is a 400 (InvalidInput),
 * never a query DynamoDB refuses (a 500) nor a page of another list. The key carries only the
 * table keys of the last item of the page just returned, so signing (not encrypting) is enough.
 *
 * The signing key is a secret shared by every instance that answers list requests (in AWS derived
 * at cold start from a KMS HMAC key, locally kept with the embedded runtime's keys): a cursor
 * issued by one Lambda instance is honoured by the next.
 */
const indexCursorSchema = z.strictObject({
  pk: z.string().check(z.minLength(1), z.maxLength(1024)),
  sk: z.string().check(z.minLength(1), z.maxLength(1024)),
  gsi1pk: z.string().check(z.minLength(1), z.maxLength(1024)),
  gsi1sk: z.string().check(z.minLength(1), z.maxLength(1024)),
});

const cursorFormat = /^v1\.([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{43})$/;
const rejected = 'the cursor is not one this API issued for this list';

export class CursorSigner {
  /**
   * A signer with a key of its own, for a store whose cursors never leave the process (the
   * workflow and event functions page through lists within one invocation).
   */
  static ephemeral(): CursorSigner {
    return new CursorSigner(randomBytes(32));
  }

  private key: Promise<Uint8Array> | undefined;

  /**
   * `key`: at least 32 bytes, or how to get them (a KMS derivation), asked at the first cursor and
   * kept; a failed derivation is asked again at the next, never left as a rejected promise.
   */
  constructor(private readonly source: Uint8Array | (() => Promise<Uint8Array>)) {
    if (source instanceof Uint8Array) this.key = Promise.resolve(checked(source));
  }

  private signingKey(): Promise<Uint8Array> {
    if (!this.key) {
      const derive = this.source as () => Promise<Uint8Array>;
      this.key = derive().then(checked, (error: unknown) => {
        this.key = undefined;
        throw error;
      });
    }
    return this.key;
  }

  async encode(gsi1pk: string, lastEvaluatedKey: Record<string, unknown>): Promise<string> {
    const payload = Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
    return `v1.${payload}.${await this.mac(gsi1pk, payload)}`;
  }

  /** The start key a cursor of the `gsi1pk` list stands for, or InvalidInput. */
  async decode(cursor: string, gsi1pk: string): Promise<Record<string, string>> {
    const parts = cursorFormat.exec(cursor);
    if (!parts?.[1] || !parts[2]) throw new InvalidInput(rejected);
    const [, payload, mac] = parts;
    // Compared as text: decoding would let the unused low bits of the last character vary.
    const expected = Buffer.from(await this.mac(gsi1pk, payload), 'ascii');
    const given = Buffer.from(mac, 'ascii');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidInput(rejected);
    // Signed by us, so well formed; checked again all the same, as any stored input is.
    const key = indexCursorSchema.safeParse(parseJson(payload));
    if (!key.success || key.data.gsi1pk !== gsi1pk) throw new InvalidInput(rejected);
    return key.data;
  }

  /** The MAC binds the list's partition key: a cursor of one list is refused by every other. */
  private async mac(gsi1pk: string, payload: string): Promise<string> {
    return createHmac('sha256', await this.signingKey())
      .update(`pagination-cursor/v1\0${gsi1pk}\0${payload}`)
      .digest('base64url');
  }
}

function checked(key: Uint8Array): Uint8Array {
  if (key.length < 32) throw new Error('a cursor signing key needs at least 32 bytes');
  return key;
}

function parseJson(payload: string): unknown {
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
