export interface StoredDocument {
  key: string;
  sha256: string;
  size: number;
  mediaType: string;
}

export interface DocumentStore {
  put(key: string, content: Uint8Array, mediaType: string): Promise<StoredDocument>;
  get(key: string): Promise<{ content: Uint8Array; mediaType: string } | undefined>;
}
