/**
 * Text made safe to put in HTML, in an element or in a quoted attribute: the five characters that
 * could start markup or end an attribute become entities. For the HTML the domain writes itself
 * (the canonical settlement document, the milestone emails), where a name or a clause is a party's
 * own words.
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
