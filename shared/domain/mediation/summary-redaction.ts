import { maskPersonalDataInText } from '../personal-data-patterns';

/**
 * The summary a mediator sees before accepting: the filer's free text with every party's and
 * representative's name replaced by its role, and phones, emails and ID numbers masked. A mediator
 * who has not yet accepted learns what the dispute is about, not who is in it.
 */
export function summaryForMediators(
  summary: string,
  parties: ReadonlyArray<{ name: string; role: string; representatives: ReadonlyArray<{ name: string }> }>,
): string {
  const replacements = parties
    .flatMap((party) => [
      { name: party.name, label: `[${party.role}]` },
      ...party.representatives.map((rep) => ({ name: rep.name, label: `[${party.role}'s representative]` })),
    ])
    .filter((replacement) => replacement.name.trim().length >= 2)
    // Longest first, so "Zhang San Trading" is replaced before "Zhang San".
    .sort((a, b) => b.name.length - a.name.length);
  let text = summary;
  for (const { name, label } of replacements) {
    text = text.replace(new RegExp(escapeRegExp(name.trim()), 'giu'), label);
  }
  return maskPersonalDataInText(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
