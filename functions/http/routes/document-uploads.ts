import { z } from '@hono/zod-openapi';
import { documentIdPattern } from '../../../shared/use-cases/documents/uploaded-documents';

/**
 * Presigned uploads, shared by the routes that take large documents (a court's ruling, a document
 * to serve): the upload request, the offer that answers it, and the reference that names an
 * uploaded document where it is used.
 */

export const DocumentUploadRequestSchema = z
  .object({
    mediaType: z
      .string()
      .max(100)
      .regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'a media type such as application/pdf')
      .openapi({ example: 'application/pdf' }),
  })
  .strict()
  .openapi('DocumentUploadRequest');

export const UploadOfferSchema = z
  .object({
    documentId: z.string().openapi({ description: 'name it, with its SHA-256, where the document is used' }),
    upload: z.object({
      method: z.literal('PUT'),
      url: z.string().openapi({ description: 'presigned: PUT the bytes here, as the request body' }),
      headers: z
        .record(z.string(), z.string())
        .openapi({ description: 'headers the PUT must carry exactly (they are signed): the media type' }),
      expiresAt: z.string().openapi({ description: 'the URL works until then (15 minutes)' }),
    }),
    maxBytes: z.number().int().openapi({ description: 'the largest document accepted (20 MB)' }),
  })
  .openapi('DocumentUploadOffer');

export const UploadedDocumentReferenceSchema = z
  .object({
    documentId: z
      .string()
      .regex(documentIdPattern, 'a document id, as its upload was offered with')
      .openapi({ example: 'doc_Yk3n0v8Q2Zr6bWm1Xc4TaA' }),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256, 64 hex digits')
      .openapi({ description: 'the SHA-256 of the uploaded bytes; the platform hashes what arrived and compares' }),
  })
  .strict()
  .openapi('UploadedDocumentReference', {
    description:
      'a document uploaded through a presigned URL: it must exist under this caller’s uploads, be 1 byte to 20 MB, and hash to `sha256` (else 422 `document_missing`, `document_too_large`, `document_empty` or `document_hash_mismatch`)',
  });
