import { call } from "./client";
import type { PlanReview, TrustEdit, Verdict } from "./index";

/** Reads a plan file with the approvals beside it, for review. Refuses an edited plan. */
export const open = (path: string) => call<PlanReview>("plan_open", { path });

/**
 * Signs the reviewer's decision with their key (created on first use, kept in the OS keychain) and
 * writes it beside the plan. `acknowledged` holds the findings' acknowledgement keys.
 */
export const approve = (
  path: string,
  name: string,
  verdict: Verdict,
  comment: string,
  acknowledged: string[],
) => call<PlanReview>("plan_approve", { path, name, verdict, comment, acknowledged });

/** The project's policy file before and after trusting `approver`'s key (read from their approval). */
export const trustPreview = (path: string, approver: string) => call<TrustEdit>("plan_trust_preview", { path, approver });

/** Saves that edit over the text shown (`before`); returns the review with the reviewer trusted. */
export const trust = (path: string, approver: string, before: string) =>
  call<PlanReview>("plan_trust", { path, approver, before });
