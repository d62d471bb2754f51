import { describe, expect, it } from 'vitest';
import { signatureClient } from '../../shared/domain/settlement/settlement-signing';

describe('what a signature keeps of where it came from', () => {
  it('keeps the address only as a hash, the same for the same address', () => {
    const kept = signatureClient({ ip: '203.0.113.7', userAgent: 'Mozilla/5.0' });
    expect(JSON.stringify(kept)).not.toContain('203.0.113.7');
    expect(kept.ipHash).toMatch(/^[0-9a-f]{32}$/);
    expect(signatureClient({ ip: '203.0.113.7' }).ipHash).toBe(kept.ipHash);
    expect(signatureClient({ ip: '203.0.113.8' }).ipHash).not.toBe(kept.ipHash);
    expect(kept.userAgent).toBe('Mozilla/5.0');
  });

  it('cuts a long user agent short and leaves out what the request did not show', () => {
    expect(signatureClient({ userAgent: 'x'.repeat(1000) }).userAgent).toHaveLength(256);
    expect(signatureClient({})).toEqual({});
  });
});
