/**
 * Page sessions that were signed out. A session is a sealed cookie the browser keeps (functions/http/auth/
 * page-session.ts): clearing it in the browser that signed out does nothing to a copy taken
 * earlier, whose access token stays valid until it expires. Each session carries a random id, and
 * signing out records it here, so any copy of that cookie opens nothing afterwards.
 */
export interface EndedSessions {
  /** Records that the session ended; kept until `untilSeconds` (epoch seconds), when its cookie expires anyway. */
  end(sessionId: string, untilSeconds: number): Promise<void>;
  /** Whether the session was signed out. */
  ended(sessionId: string): Promise<boolean>;
}
