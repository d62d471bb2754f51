import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../shared/domain/principal';

/** An answer as the harnesses return them (status, text, parsed JSON). */
interface Answer {
  status: number;
  text: string;
  json?: unknown;
}

/** The evidence a `recipient_designated` address names: an uploaded document and its SHA-256. */
export interface DesignationEvidence {
  documentId: string;
  sha256: string;
}

/**
 * A designation document uploaded as an integrator uploads it: `offer` asks for an upload
 * (`POST /v1/services/documents` as the court or operator that will name it), then the bytes, a
 * different scan every time, are PUT to the presigned URL. The result is the `evidence` to send.
 */
export async function uploadedDesignation(offer: () => Promise<Answer>): Promise<DesignationEvidence> {
  const offered = await offer();
  if (offered.status !== 201) throw new Error(`no upload offered: ${offered.status} ${offered.text}`);
  const { documentId, upload } = offered.json as {
    documentId: string;
    upload: { method: string; url: string; headers: Record<string, string> };
  };
  const scan = Buffer.concat([Buffer.from('%PDF-1.7\n% designation of an address for service\n'), randomBytes(32)]);
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: scan });
  if (!put.ok) throw new Error(`the upload was refused: ${put.status} ${await put.text()}`);
  return { documentId, sha256: createHash('sha256').update(scan).digest('hex') };
}

/** The same through a harness's `call`, as `as`. */
export function designationBy(
  h: { call(method: string, path: string, options: { as?: [Role, string]; body?: unknown }): Promise<Answer> },
  as: [Role, string],
): Promise<DesignationEvidence> {
  return uploadedDesignation(() =>
    h.call('POST', '/v1/services/documents', { as, body: { mediaType: 'application/pdf' } }),
  );
}
