import { call } from "./client";
import type { AuditReport } from "./index";

/** The health check of a database (`plumb audit`): findings, why each matters, the SQL that fixes
 * it. Reads only. */
export const run = (source: string, ticket: string) => call<AuditReport>("audit_run", { source, ticket });

/** Saves the plan of the fixes of `checks` (every fixable one when empty) as a new plan file at
 * `path`; returns its path, or null when no chosen fix is a schema change. Never writes over a file. */
export const createPlan = (source: string, checks: string[], path: string) =>
  call<string | null>("audit_create_plan", { source, checks, path });
