import { call, channel } from "./client";
import type { CompareOptions, CompareProgress, CompareResult } from "./index";

/**
 * Reads `from` (current) and `to` (desired) and returns what differs, with the plan between them.
 * Never writes anything.
 */
export const compare = (
  from: string,
  to: string,
  options: CompareOptions,
  onProgress: (p: CompareProgress) => void,
) => call<CompareResult>("diff_compare", { from, to, options, onProgress: channel(onProgress) });

/** Compares a pair read before with other options, without reading the databases again. */
export const recompare = (id: number, options: CompareOptions) =>
  call<CompareResult>("diff_recompare", { id, options });
