import { carrierCheckable } from '../../domain/identity/identity-assurance';
import {
  type IdentityClaim,
  IdentityProviderUnavailable,
  type IdentityVerifier,
  type VerifierAnswer,
} from '../../ports/identity-verifier';
import {
  type CarrierCheckRequest,
  carrierCheckPath,
  carrierCheckResponseSchema,
  type ProviderSettings,
  providerSettingsSchema,
} from './provider-contract';

/** Where the settings come from: the secret in AWS, the emulator locally; undefined = not configured. */
export type ProviderSettingsSource = () => Promise<unknown>;

export interface HttpsIdentityVerifierOptions {
  settings: ProviderSettingsSource;
  /** Per request; a provider slower than this is unavailable, not a `none`. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Logs outcomes by status and reason only, never the claim (ID number, name, mobile). */
  onOutcome?: (outcome: { result: string; status?: number }) => void;
}

/**
 * The identity provider over HTTPS (docs/identity-verifier.md): one POST per check with a bearer
 * API key; the answer is validated with zod. Without settings (no secret, or the stack's empty
 * `{}`) every check answers `none` (`not_configured`) without a request; an ID kind carriers cannot
 * check answers `none` (`not_checkable`) without a request either. Anything but a valid 200 (a
 * timeout, a refused connection, 401, 429, 5xx, a malformed body) is `IdentityProviderUnavailable`:
 * the caller refuses to decide rather than guess. Errors carry the HTTP status and nothing of the
 * claim, so no personal data reaches a log through them.
 */
export class HttpsIdentityVerifier implements IdentityVerifier {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpsIdentityVerifierOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  async verify(claim: IdentityClaim): Promise<VerifierAnswer> {
    const settings = await this.settings();
    if (!settings) return this.answer({ level: 'none', reason: 'not_configured' });
    if (!carrierCheckable(claim.idKind)) return this.answer({ level: 'none', reason: 'not_checkable' });
    const body: CarrierCheckRequest = {
      idType: claim.idKind,
      idNumber: claim.idNumber,
      name: claim.name,
      mobile: claim.mobile,
    };
    let response: Response;
    try {
      response = await this.fetch(new URL(carrierCheckPath, settings.url), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${settings.apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      this.options.onOutcome?.({ result: 'unreachable' });
      throw new IdentityProviderUnavailable(`the identity provider did not answer (${(error as Error).name})`);
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      this.options.onOutcome?.({ result: 'provider_error', status: response.status });
      throw new IdentityProviderUnavailable(`the identity provider answered HTTP ${response.status}`);
    }
    const parsed = carrierCheckResponseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      this.options.onOutcome?.({ result: 'malformed_answer', status: 200 });
      throw new IdentityProviderUnavailable('the identity provider gave an answer outside its contract');
    }
    const { result, reference } = parsed.data;
    if (result === 'match') {
      return this.answer({ level: 'carrier_3f', ...(reference ? { providerReference: reference } : {}) });
    }
    return this.answer({ level: 'none', reason: result === 'no_match' ? 'no_match' : 'not_checkable' });
  }

  private async settings(): Promise<ProviderSettings | undefined> {
    let raw: unknown;
    try {
      raw = await this.options.settings();
    } catch (error) {
      throw new IdentityProviderUnavailable(
        `the identity provider's settings could not be read (${(error as Error).name})`,
      );
    }
    if (raw === undefined || (typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0)) {
      return undefined;
    }
    const parsed = providerSettingsSchema.safeParse(raw);
    if (!parsed.success) {
      // A half-filled secret is a mistake to fix, not a quiet `none` for everyone.
      throw new IdentityProviderUnavailable(
        `the identity provider's settings are invalid: ${parsed.error.issues.map((issue) => issue.path.join('.') || 'value').join(', ')}`,
      );
    }
    return parsed.data;
  }

  private answer(answer: VerifierAnswer): VerifierAnswer {
    this.options.onOutcome?.({ result: answer.level === 'none' ? answer.reason : answer.level });
    return answer;
  }
}
