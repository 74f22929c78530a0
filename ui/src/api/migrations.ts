import { call } from "./client";
import type { Family, MigrationsMatrix } from "./index";

/**
 * Where each migration of `folder` (null: the project last opened) stands on each database,
 * read from the migration tool's table. Reads only.
 */
export const status = (folder: string | null, targets: { id: string; source: string; dialect: Family | null }[]) =>
  call<MigrationsMatrix>("migrations_status", { folder, targets });
