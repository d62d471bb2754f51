/**
 * Masked forms of personal data for display and logs. They keep just enough for a person to
 * recognise their own data (`440308********1234`, `138****5678`, `z***@example.com`).
 */
export function maskIdNumber(idNumber: string): string {
  const visibleHead = idNumber.length >= 15 ? 6 : Math.min(2, Math.floor(idNumber.length / 4));
  const visibleTail = idNumber.length >= 8 ? 4 : 1;
  if (idNumber.length <= visibleHead + visibleTail) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, visibleHead)}${'*'.repeat(idNumber.length - visibleHead - visibleTail)}${idNumber.slice(-visibleTail)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(phone.length);
  // Keep the country and network prefix and the last four digits.
  const head = phone.startsWith('+') ? phone.slice(0, phone.length - 8) : phone.slice(0, 3);
  return `${head}****${phone.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
