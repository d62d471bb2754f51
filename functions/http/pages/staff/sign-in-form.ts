import * as z from 'zod';

/*
 * The staff pages' sign-in form (the mediators' inbox and the operators' service centre), kept out
 * of session-cookies.ts, which every page function loads: only the staff pages' function signs
 * people in with a pasted token, so the others need not carry this schema (the auth function, on
 * zod/mini alone, not even classic zod).
 */

/** A JWT's three base64url parts: anything else in a sign-in form or cookie is not even tried. */
export const tokenShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The staff pages' sign-in form: a pasted bearer token (as `npm run token` prints it, with or without
 * `Bearer `), or, on the local runtime, the id of the person to sign in as (`pickField`).
 */
export function signInFormSchema<K extends string>(pickField: K) {
  return z.union([
    z
      .object({ csrf: z.string(), [pickField]: z.string().trim().min(1).max(100) } as { csrf: z.ZodString } & Record<
        K,
        z.ZodString
      >)
      .strict(),
    z
      .object({
        csrf: z.string(),
        token: z
          .string()
          .trim()
          .transform((value) => value.replace(/^Bearer\s+/i, ''))
          .pipe(z.string().regex(tokenShape, '这不是有效的访问令牌 / this is not an access token')),
      })
      .strict(),
  ]);
}
