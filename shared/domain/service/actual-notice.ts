/**
 * Actual notice (issue 16): legal service says when the law takes the document as served; actual
 * notice says whether the person is known to have it. The recipient opened the document through
 * any link of the service, or signed for it.
 */
export function hasActualNotice(recipient: {
  attempts: ReadonlyArray<{ openedAt?: string | undefined; acknowledgedAt?: string | undefined }>;
}): boolean {
  return recipient.attempts.some((attempt) => attempt.openedAt !== undefined || attempt.acknowledgedAt !== undefined);
}
