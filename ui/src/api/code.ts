import { call } from "./client";
import type { ScanReport, SeedCheck, SeedReport } from "./index";

/** The tables and columns the code names that the database lacks (`plumb scan`): the project's
 * code folders, or `folder`. */
export const scan = (source: string, folder: string | null, ticket: string) =>
  call<ScanReport>("code_scan", { source, folder, ticket });

/** Whether a seed (a .sql file or folder) is idempotent, on a scratch copy of the schema. */
export const seedCheck = (source: string, path: string) => call<SeedCheck>("seed_check", { source, path });

/** Seeds a development database (`plumb seed`); refused on production. */
export const seedRun = (source: string, path: string) => call<SeedReport>("seed_run", { source, path });
