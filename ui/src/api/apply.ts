import { call, channel } from "./client";
import type { ApplyEvent, ApplyOutcome, ApplyPreview } from "./index";

/** What the gate asks for applying the plan to `target`, and what it would refuse now. */
export const preview = (path: string, target: string, applier: string, acknowledged: string[]) =>
  call<ApplyPreview>("apply_preview", { path, target, applier, acknowledged });

/** Applies the plan through the gate, reporting each step; the outcome names the evidence. */
export const run = (
  path: string,
  target: string,
  applier: string,
  acknowledged: string[],
  confirmation: string | null,
  onEvent: (event: ApplyEvent) => void,
) => call<ApplyOutcome>("apply_run", { path, target, applier, acknowledged, confirmation, onEvent: channel(onEvent) });
