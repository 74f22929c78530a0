import { call, channel } from "./client";
import type { CompareOptions, CompareProgress, CompareResult, PairSchemas } from "./index";

/**
 * Reads `from` (current) and `to` (desired) and returns what differs, with the plan between them.
 * Never writes anything.
 */
export const compare = (
  from: string,
  to: string,
  options: CompareOptions,
  ticket: string,
  onProgress: (p: CompareProgress) => void,
) => call<CompareResult>("diff_compare", { from, to, options, ticket, onProgress: channel(onProgress) });

/** Compares a pair read before with other options, without reading the databases again. */
export const recompare = (id: number, options: CompareOptions) =>
  call<CompareResult>("diff_recompare", { id, options });

/** Where a plan from `from` to `to` (the sources' names) is saved by default: the project's plans
 * folder, under a dated name no file has yet; null while there is no project. */
export const planPath = (from: string, to: string) => call<string | null>("diff_plan_path", { from, to });

/** Saves the plan of comparison `id` under `options` as a new plan file, provided it is the one
 * shown (`hash`); returns its path. Never writes over a file. */
export const createPlan = (id: number, options: CompareOptions, hash: string, path: string) =>
  call<string>("diff_create_plan", { id, options, hash, path });

/** Both schemas of comparison `id` as read, for the diagram. */
export const schemas = (id: number) => call<PairSchemas>("diff_schemas", { id });
