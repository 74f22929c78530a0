// Re-exports the API. Types the backend sends that are not engine types live here, hand-written;
// engine types are generated from Rust into ./generated (never edit those).
import type { Comparison } from "./generated/Comparison";
import type { Finding } from "./generated/Finding";
import type { Step } from "./generated/Step";

export * as demo from "./demo";
export * as diff from "./diff";
export * as schema from "./schema";
export { ApiError, type ErrorCode } from "./errors";
export type { Database } from "./generated/Database";
export type { Schema } from "./generated/Schema";
export type { Table } from "./generated/Table";
export type { View } from "./generated/View";
export type { Trigger } from "./generated/Trigger";
export type { Column } from "./generated/Column";
export type { Index } from "./generated/Index";
export type { IndexPart } from "./generated/IndexPart";
export type { ForeignKey } from "./generated/ForeignKey";
export type { ReferentialAction } from "./generated/ReferentialAction";
export type { EnumType } from "./generated/EnumType";
export type { Domain } from "./generated/Domain";
export type { Sequence } from "./generated/Sequence";
export type { Routine } from "./generated/Routine";
export type { Policy } from "./generated/Policy";
export type { Extension } from "./generated/Extension";
export type { UnsupportedObject } from "./generated/UnsupportedObject";
export type { Identity } from "./generated/Identity";
export type { Comparison } from "./generated/Comparison";
export type { ObjectDiff } from "./generated/ObjectDiff";
export type { ObjectKind } from "./generated/ObjectKind";
export type { DiffStatus } from "./generated/DiffStatus";
export type { SideBySide } from "./generated/SideBySide";
export type { DiffRow } from "./generated/DiffRow";
export type { DiffLine } from "./generated/DiffLine";
export type { Segment } from "./generated/Segment";
export type { TableChange } from "./generated/TableChange";
export type { ColumnAspect } from "./generated/ColumnAspect";
export type { PossibleRename } from "./generated/PossibleRename";
export type { Step } from "./generated/Step";
export type { Finding } from "./generated/Finding";
export type { Severity } from "./generated/Severity";
export type { Impact } from "./generated/Impact";

/** A database the sidebar lists (src-tauri/src/state.rs `SourceEntry`). */
export interface SourceEntry {
  id: string;
  name: string;
  environment: string;
  source: string;
}

/** One completed introspection step (src-tauri/src/state.rs `IntrospectProgress`). */
export interface IntrospectProgress {
  step: string;
  done: number;
  total: number;
}

/** What to compare (src-tauri/src/compare.rs `CompareOptions`). */
export interface CompareOptions {
  /** Schemas to compare; all when empty. */
  schemas: string[];
  /** Globs of objects to leave out (`_prisma_migrations`, `audit_*`). */
  exclude: string[];
  /** Renames the user confirmed (`main.projects.archived_at=main.projects.archived_on`). */
  renames: string[];
}

/** One completed step of reading one side (src-tauri/src/compare.rs `CompareProgress`). */
export interface CompareProgress {
  side: "from" | "to";
  step: string;
  done: number;
  total: number;
}

/** The SQL a comparison leads to (src-tauri/src/compare.rs `PlanPreview`). */
export interface PlanPreview {
  transactional: boolean;
  steps: Step[];
  rollback: Step[];
  rollbackUnavailable: string | null;
  hash: string;
  findings: Finding[];
}

/** A comparison with its plan (src-tauri/src/compare.rs `CompareResult`). */
export interface CompareResult {
  id: number;
  comparison: Comparison;
  plan: PlanPreview | null;
  planError: string | null;
  fromTables: number;
  toTables: number;
  compareMs: number;
  /** What the checks of the current side's data did, or why they could not run. */
  dataChecks: string | null;
}
