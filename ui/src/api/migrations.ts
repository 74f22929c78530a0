import { call } from "./client";
import type { MigrationsMatrix, MigrationsTarget, NewMigration } from "./index";

/**
 * Where each migration of `folder` (null: the project last opened) stands on each database,
 * read from the migration tool's table. Reads only.
 */
export const status = (folder: string | null, targets: MigrationsTarget[]) =>
  call<MigrationsMatrix>("migrations_status", { folder, targets });

/** The migration that takes `folder` to `desired` (a schema.prisma, an SQL file, a database),
 * before anything is written; null when the folder already builds it. */
export const newPreview = (folder: string, name: string, desired: string) =>
  call<NewMigration | null>("migrations_new_preview", { folder, name, desired });

/** Writes the migration shown, if it is still the same (`hash`); returns the files written. */
export const newWrite = (folder: string, name: string, desired: string, hash: string) =>
  call<string[]>("migrations_new_write", { folder, name, desired, hash });

/** The pending migrations of `folder` on `target` as a new plan file for Review & apply; null
 * when nothing is pending. */
export const deploy = (folder: string, target: string, targetName: string) =>
  call<string | null>("migrations_deploy", { folder, target, targetName });
