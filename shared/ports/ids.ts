export interface Ids {
  /** A new, unguessable, URL-safe identifier, optionally with a readable prefix (`crt_…`). */
  next(prefix: string): string;
}
