import type { ConfirmationRequest, ConfirmationStatus } from '../domain/settlement/confirmation-request';
import type { EntityWrite, Page } from './table';

export interface LoadedRequest {
  request: ConfirmationRequest;
  version: number;
}

/**
 * Applications for judicial confirmation. Each is listed in its court's queue under its status
 * (a court's queue is its own, so no court can page into another's). One application at a time
 * is open per settlement: its pointer is created once and moved only when the previous one closed.
 */
export interface ConfirmationRequests {
  request(requestId: string): Promise<LoadedRequest | undefined>;
  requestWrite(expectedVersion: number, request: ConfirmationRequest): EntityWrite;
  /** The settlement's open-application pointer, with the version its move must name. */
  openRequestOf(settlementId: string): Promise<{ requestId: string; version: number } | undefined>;
  openRequestWrite(expectedVersion: number, settlementId: string, requestId: string): EntityWrite;
  /**
   * Every application ever made for the settlement, closed ones included, oldest first: its
   * history (what each court decided), which the open pointer alone forgets once it moves on.
   */
  requestsOfSettlement(settlementId: string): Promise<ConfirmationRequest[]>;
  /** A page of the court's queue of one status, oldest submission first. */
  courtQueue(
    courtId: string,
    status: ConfirmationStatus,
    page: { limit: number; cursor?: string },
  ): Promise<Page<ConfirmationRequest>>;
}
