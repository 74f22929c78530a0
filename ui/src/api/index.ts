// Re-exports the API. Every type that crosses the bridge is generated from Rust into ./generated
// (`cargo test -p plumb-engine -p plumb-db -p plumb-app --features plumb-app/ts export_bindings`;
// never edit those); CI fails when they are stale. The only type written here is the sidebar's
// entry, which the window widens.
import type { Dialect } from "./generated/Dialect";
import type { SourceEntry as DemoEntry } from "./generated/SourceEntry";

export * as apply from "./apply";
export * as audit from "./audit";
export * as demo from "./demo";
export * as diff from "./diff";
export * as history from "./history";
export * as migrations from "./migrations";
export * as plan from "./plan";
export * as profile from "./profile";
export * as project from "./project";
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
export type { Run } from "./generated/Run";
export type { Finding } from "./generated/Finding";
export type { Severity } from "./generated/Severity";
export type { Impact } from "./generated/Impact";
export type { Plan } from "./generated/Plan";
export type { TableBackup } from "./generated/TableBackup";

export type { Dialect } from "./generated/Dialect";
export type { AuditReport } from "./generated/AuditReport";
export type { AuditReported } from "./generated/AuditReported";
export type { AuditFinding } from "./generated/AuditFinding";
export type { AuditSeverity } from "./generated/AuditSeverity";
export type { AuditFix } from "./generated/AuditFix";
export type { Flavor } from "./generated/Flavor";
export type { TlsMode } from "./generated/TlsMode";
export type { PasswordStorage } from "./generated/PasswordStorage";
export type { ProfileForm } from "./generated/ProfileForm";
export type { Preflight } from "./generated/Preflight";
export type { ProfileEntry } from "./generated/ProfileEntry";
export type { KeychainStatus } from "./generated/KeychainStatus";
export type { ProfileListing } from "./generated/ProfileListing";
export type { ParsedUrl } from "./generated/ParsedUrl";
export type { FieldProblem } from "./generated/FieldProblem";
export type { IntrospectProgress } from "./generated/IntrospectProgress";
export type { CompareOptions } from "./generated/CompareOptions";
export type { MissingCast } from "./generated/MissingCast";
export type { CompareSide } from "./generated/CompareSide";
export type { CompareProgress } from "./generated/CompareProgress";
export type { PlanPreview } from "./generated/PlanPreview";
export type { CompareResult } from "./generated/CompareResult";
export type { PairSchemas } from "./generated/PairSchemas";
export type { Verdict } from "./generated/Verdict";
export type { Person } from "./generated/Person";
export type { ApprovalView } from "./generated/ApprovalView";
export type { Decision } from "./generated/Decision";
export type { TrustEdit } from "./generated/TrustEdit";
export type { PlanReview } from "./generated/PlanReview";
export type { SplitHalf } from "./generated/SplitHalf";
export type { SplitRole } from "./generated/SplitRole";
export type { ApplyPreview } from "./generated/ApplyPreview";
export type { RunStatus } from "./generated/RunStatus";
export type { RunRecord } from "./generated/RunRecord";
export type { ApplyEvent } from "./generated/ApplyEvent";
export type { ApplyOutcome } from "./generated/ApplyOutcome";
export type { EvidenceFile } from "./generated/EvidenceFile";
export type { RunSummary } from "./generated/RunSummary";
export type { NewMigration } from "./generated/NewMigration";
export type { ProjectInfo } from "./generated/ProjectInfo";
export type { DriftState } from "./generated/DriftState";
export type { BoardSide } from "./generated/BoardSide";
export type { Board } from "./generated/Board";
export type { History } from "./generated/History";
export type { MigrationState } from "./generated/MigrationState";
export type { MigrationsTarget } from "./generated/MigrationsTarget";
export type { MigrationsColumn } from "./generated/MigrationsColumn";
export type { MigrationsMatrix } from "./generated/MigrationsMatrix";
export type { MigrationsLayout } from "./generated/MigrationsLayout";
export type { IpcError } from "./generated/IpcError";
export type { ErrorDetails } from "./generated/ErrorDetails";

/** A database the sidebar lists: a demo as the backend sends it (src-tauri/src/state.rs
 * `SourceEntry`), or a profile or an opened source, whose dialect may be unknown before reading. */
export type SourceEntry = Omit<DemoEntry, "dialect"> & {
  dialect: Dialect | null;
  /** The profile's own colour, when it is a profile. */
  color?: string;
  /** The profile's id, when it is a profile. */
  profileId?: string;
};
