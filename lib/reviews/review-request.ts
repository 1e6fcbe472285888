// Who/where behind a review action, for the audit trail: the same shape as
// defineAction's ActionRequest. Plain module.
export interface ReviewRequest {
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export const NO_REQUEST: ReviewRequest = Object.freeze({ ipAddress: null, userAgent: null, requestId: null });
