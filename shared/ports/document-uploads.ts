/**
 * Uploads that a client makes straight to the document bucket through a presigned URL, so large
 * documents (a court's ruling, up to 20 MB) never pass through the API. The store signs the URL
 * and later reads back what arrived; it checks nothing about the bytes (s3rver enforces neither
 * checksums nor sizes on presigned uploads), so the caller hashes and measures them itself.
 */
export interface PresignedUpload {
  /** PUT the bytes here, before the URL expires. */
  url: string;
  /** Headers the PUT must carry exactly (they are part of the signature). */
  headers: Record<string, string>;
}

export type UploadedObject =
  | { status: 'stored'; content: Uint8Array; mediaType: string }
  /** Larger than the reader's limit: its bytes were not read. */
  | { status: 'too_large'; size: number };

export interface DocumentUploads {
  /** A URL that lets whoever holds it PUT one object at `key`, of `mediaType`, for `expiresInSeconds`. */
  presignPut(key: string, options: { mediaType: string; expiresInSeconds: number }): Promise<PresignedUpload>;
  /** What was uploaded at `key` (undefined: nothing), read only when it is at most `maxBytes`. */
  read(key: string, maxBytes: number): Promise<UploadedObject | undefined>;
}
