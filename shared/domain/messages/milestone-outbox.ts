import type { MilestoneKind } from './sms-texts';

/**
 * The outbox item a flow adds to the commit that reaches a milestone (DESIGN.md, "Messages to
 * people"); `onMilestoneReached` (use-cases/milestones) tells the parties. Kept apart from the
 * consumer, so the flows that write it do not import what the consumer needs.
 */
export const milestoneReachedType = 'milestone.reached';

export interface MilestonePayload {
  milestone: MilestoneKind;
  disputeId: string;
  settlementId?: string;
  courtId?: string;
  /** The last day to apply for confirmation (settlement_effective), YYYY-MM-DD Asia/Shanghai. */
  applyBy?: string;
  /** Only these parties are told (application_to_join: those yet to join); every party if absent. */
  toPartyIds?: string[];
}

/** The outbox message (the ports' `OutboxMessage` shape). */
export function milestoneOutbox(payload: MilestonePayload): { type: string; payload: Record<string, unknown> } {
  return { type: milestoneReachedType, payload: { ...payload } };
}
