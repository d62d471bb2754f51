/**
 * Whether an IP address is one a callback may be sent to from AWS: a public unicast address.
 * Private, loopback, link-local (the instance metadata service at 169.254.169.254 among them),
 * shared (carrier-grade NAT), multicast, reserved and documentation ranges are not, in IPv4 and
 * IPv6 alike; an IPv6 address that embeds an IPv4 one (mapped, NAT64, 6to4, Teredo…) is judged
 * by the IPv4 address it carries. Anything that does not parse as an address is not public.
 */
export function isPublicAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4) return isPublicIpv4(v4);
  const v6 = parseIpv6(address);
  if (v6) return isPublicIpv6(v6);
  return false;
}

/** True when `host` is an IP literal (IPv4, or IPv6 with or without brackets). */
export function isIpLiteral(host: string): boolean {
  return parseIpv4(host) !== undefined || parseIpv6(stripBrackets(host)) !== undefined;
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** [prefix bytes, prefix length in bits] of IPv4 ranges that are not public (IANA special-purpose registry). */
const nonPublicIpv4: Array<[number[], number]> = [
  [[0], 8], // "this network"
  [[10], 8], // private
  [[100, 64], 10], // shared address space (CGNAT)
  [[127], 8], // loopback
  [[169, 254], 16], // link-local, instance metadata
  [[172, 16], 12], // private
  [[192, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2], 24], // documentation
  [[192, 88, 99], 24], // 6to4 relay anycast
  [[192, 168], 16], // private
  [[198, 18], 15], // benchmarking
  [[198, 51, 100], 24], // documentation
  [[203, 0, 113], 24], // documentation
  [[224], 4], // multicast
  [[240], 4], // reserved, and the broadcast address
];

/** IPv6 ranges that are not public; embedded-IPv4 forms are handled before these are checked. */
const nonPublicIpv6: Array<[number[], number]> = [
  [[0x01, 0x00], 64], // discard-only
  [[0x20, 0x01, 0x00, 0x00], 23], // IETF protocol assignments (Teredo handled separately)
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0x3f, 0xff], 20], // documentation (RFC 9637)
  [[0x5f], 8], // SRv6 SIDs
  [[0xfc], 7], // unique local
  [[0xfe, 0x80], 10], // link-local
  [[0xfe, 0xc0], 10], // site-local (deprecated)
  [[0xff], 8], // multicast
];

function isPublicIpv4(bytes: number[]): boolean {
  return !nonPublicIpv4.some(([prefix, bits]) => matchesPrefix(bytes, prefix, bits));
}

function isPublicIpv6(bytes: number[]): boolean {
  const embedded = embeddedIpv4(bytes);
  if (embedded) return isPublicIpv4(embedded);
  // Only global unicast (2000::/3) is public; that excludes ::, ::1 and every other special form.
  if ((bytes[0] ?? 0) >> 5 !== 0b001) return false;
  return !nonPublicIpv6.some(([prefix, bits]) => matchesPrefix(bytes, prefix, bits));
}

/**
 * The IPv4 address an IPv6 address stands for, when it is one of the forms a connection would
 * reach an IPv4 host through: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d),
 * IPv4-translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96 and 64:ff9b:1::/48), 6to4 (2002::/16)
 * and Teredo (2001::/32, the client address inverted).
 */
function embeddedIpv4(bytes: number[]): number[] | undefined {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  const last4 = bytes.slice(12, 16);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return last4;
  if (zeros(0, 12) && !(zeros(12, 15) && (bytes[15] ?? 0) <= 1)) return last4;
  if (zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12)) return last4;
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b) return last4;
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6);
  if (bytes[0] === 0x20 && bytes[1] === 0x01 && bytes[2] === 0x00 && bytes[3] === 0x00) {
    return last4.map((byte) => byte ^ 0xff);
  }
  return undefined;
}

function matchesPrefix(bytes: number[], prefix: number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const index = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[index] ?? 0) & mask) !== ((prefix[index] ?? 0) & mask)) return false;
  }
  return true;
}

/** Dotted-quad IPv4 only (no octal, hex or shortened forms: a resolver's answer is never those). */
function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((part) => (/^(0|[1-9]\d{0,2})$/.test(part) ? Number(part) : Number.NaN));
  return bytes.every((byte) => byte >= 0 && byte <= 255) ? bytes : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  let address = text.split('%')[0] ?? '';
  if (!/^[0-9a-fA-F:.]+$/.test(address) || !address.includes(':')) return undefined;
  // A dotted IPv4 tail (::ffff:10.0.0.1) is the last two groups written another way.
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (!v4) return undefined;
    const hex = (high: number, low: number) => ((high << 8) | low).toString(16);
    address = `${address.slice(0, lastColon + 1)}${hex(v4[0] ?? 0, v4[1] ?? 0)}:${hex(v4[2] ?? 0, v4[3] ?? 0)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = toGroups(halves[0] ?? '');
  const right = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (![...left, ...right].every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...left, ...Array.from({ length: missing }, () => '0'), ...right].map((group) =>
    Number.parseInt(group, 16),
  );
  return groups.flatMap((group) => [group >> 8, group & 0xff]);
}
