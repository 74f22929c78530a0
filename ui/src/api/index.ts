// Re-exports the API. Types the backend sends that are not engine types live here, hand-written;
// engine types are generated from Rust into ./generated (never edit those).
import type { Comparison } from "./generated/Comparison";
import type { Finding } from "./generated/Finding";
import type { Plan } from "./generated/Plan";
import type { TableBackup } from "./generated/TableBackup";
import type { Step } from "./generated/Step";

export * as apply from "./apply";
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

/** A database the sidebar lists (src-tauri/src/state.rs `SourceEntry`; profiles add the last two). */
export interface SourceEntry {
  id: string;
  name: string;
  environment: string;
  source: string;
  /** Production as the backend's policy reads the environment: every screen shows this. */
  production: boolean;
  /** Its family of dialects, where the source says it before it is read. */
  dialect?: Family | null;
  /** The profile's own colour, when it is a profile. */
  color?: string;
  /** The profile's id, when it is a profile. */
  profileId?: string;
}

export type Flavor = "postgres" | "mysql" | "mariadb" | "sqlite";
/** A family of dialects: schemas of one family compare with each other (MariaDB with MySQL). */
export type Family = "postgres" | "mysql" | "sqlite";
export type TlsMode = "disable" | "prefer" | "require" | "verify-ca" | "verify-full";
export type PasswordStorage = "none" | "keychain" | "ask";

/** A profile as its form edits it (src-tauri/src/profiles.rs `ProfileForm`); never a password. */
export interface ProfileForm {
  id: string | null;
  name: string;
  dialect: Flavor;
  host: string | null;
  port: number | null;
  database: string | null;
  user: string | null;
  path: string | null;
  tlsMode: TlsMode | null;
  caFile: string | null;
  certFile: string | null;
  keyFile: string | null;
  /** Other URL parameters, `key=value&…`. */
  options: string;
  environment: string;
  color: string | null;
  readOnly: boolean;
  shadowUrl: string | null;
  group: string | null;
  notes: string;
  password: PasswordStorage;
  shadowPassword: PasswordStorage;
}

/** A connection check (crates/db/src/profile/preflight `Preflight`). */
export interface Preflight {
  target: string;
  flavor: Flavor;
  serverVersion: string;
  versionText: string;
  user: string | null;
  database: string;
  schema: string | null;
  canChangeSchema: boolean;
  privileges: string;
  tls: boolean | null;
  tables: number;
  connectMs: number;
  latencyMs: number;
  checkedAt: string;
}

/** A profile in the sidebar (src-tauri/src/profiles.rs `ProfileEntry`). */
export interface ProfileEntry {
  form: ProfileForm;
  url: string;
  color: string;
  production: boolean;
  unlockedUntil: string | null;
  lastCheck: Preflight | null;
}

export type KeychainStatus = { state: "available" } | { state: "unavailable"; reason: string };

/** src-tauri/src/profiles.rs `ProfileListing`. */
export interface ProfileListing {
  profiles: ProfileEntry[];
  keychain: KeychainStatus;
  file: string;
}

/** A pasted URL read into form fields (src-tauri/src/profiles.rs `ParsedUrl`). */
export interface ParsedUrl {
  form: ProfileForm;
  password: string | null;
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
  /** Plan online: no statement stops reads or writes for longer than a moment. */
  online: boolean;
  /** How values of columns whose type has no cast to the new one convert (`schema.table.column=EXPR`). */
  using: string[];
}

/** A column whose type changes without a cast between the two (crates/engine/src/error.rs `MissingCast`). */
export interface CastNeeded {
  schema: string;
  table: string;
  column: string;
  from: string;
  to: string;
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
  /** Written to run beside the application. */
  online: boolean;
  /** The units the executor runs (transactions, statements alone, backfills). */
  phases: number;
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
  /** The column whose conversion the user must write before there is a plan. */
  castNeeded: CastNeeded | null;
  fromTables: number;
  toTables: number;
  compareMs: number;
  /** What the checks of the current side's data did, or why they could not run. */
  dataChecks: string | null;
}

/** The person using the app (src-tauri/src/plans.rs `Identity`). */
export interface Person {
  name: string;
  /** Their approval key's public half, once they have one: the line for a policy's [approvers]. */
  publicKey: string | null;
}

/** An approval file beside a plan (src-tauri/src/plans.rs `ApprovalView`). */
export interface ApprovalView {
  approver: string;
  decision: "approve" | "reject";
  decidedAt: string;
  comment: string;
  acknowledged: string[];
  /** Why it does not count, if it does not. */
  problem: string | null;
  /** Validly signed, with a key the project does not trust yet. */
  untrusted: boolean;
  /** Signed with your own key. */
  yours: boolean;
}

/** The project's policy file before and after trusting a reviewer (crates/db/src/trust.rs). */
export interface TrustEdit {
  path: string;
  before: string;
  after: string;
}

/** A plan file opened for review (src-tauri/src/plans.rs `PlanReview`). */
export interface PlanReview {
  path: string;
  plan: Plan;
  /** What changes, object by object, with the plan's own renames. */
  changes: Comparison;
  approvals: ApprovalView[];
  /** The project whose policy judges the plan and whose evidence folder keeps its runs. */
  project: ProjectInfo;
  identity: Person;
  /** The half of a split change (`plumb plan --split`) this plan is, and the other half's file. */
  split: { role: "expand" | "contract"; other: string | null } | null;
}

/** What applying will ask for (src-tauri/src/plans.rs `ApplyPreview`). */
export interface ApplyPreview {
  environment: string;
  production: boolean;
  /** The name to type, where the policy asks for it. */
  confirm: string | null;
  approvalsNeeded: number;
  /** Why the gate would refuse now. */
  blocked: string | null;
  /** The target already has the plan's desired schema: nothing is left to apply. */
  applied: boolean;
  /** Statements of the plan lose data: the database's name is typed to confirm. */
  losesData: boolean;
}

export type RunStatus = "running" | "applied" | "failed" | "unverified" | "interrupted";

/** Progress of a run (crates/db/src/apply `ApplyEvent`). */
export type ApplyEvent =
  | { event: "started"; runId: string; total: number; folder: string }
  | { event: "backingUp"; what: string }
  | { event: "running"; step: number; total: number; description: string; sql: string }
  | { event: "done"; step: number; elapsedMs: number }
  | { event: "skipped"; step: number }
  | { event: "waiting"; step: number; attempt: number; pauseMs: number }
  | { event: "backfilling"; step: number; done: number; total: number; rowsPerSecond: number; secondsLeft: number }
  | { event: "verifying" };

/** What a run did (src-tauri/src/plans.rs `ApplyOutcome`). */
export interface ApplyOutcome {
  runId: string;
  status: RunStatus;
  verified: boolean;
  steps: number;
  skipped: number;
  evidence: string;
  postVerify: string;
  backups: TableBackup[];
}

/** A file of a run's evidence (src-tauri/src/plans.rs `EvidenceFile`); `readable` ones are shown
 * as text, the others (the backup) open with the folder. */
export interface EvidenceFile {
  name: string;
  readable: boolean;
}

/** A recorded run (crates/db/src/evidence.rs `RunSummary`). */
export interface RunSummary {
  runId: string;
  planHash: string;
  environment: string;
  appliedBy: string;
  approvers: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  steps: number;
  detail: string | null;
  target: string;
  folder: string;
}

/** A new migration before it is written (src-tauri/src/migrations.rs `NewMigration`). */
export interface NewMigration {
  /** The files it writes, relative to the migrations folder, the forward one first. */
  files: string[];
  flavor: Flavor;
  steps: Step[];
  findings: Finding[];
  hash: string;
}

/** The project folder the window works in (src-tauri/src/projects.rs `ProjectInfo`). */
export interface ProjectInfo {
  root: string;
  /** Chosen by the user; otherwise found from the folder of the plan last opened. */
  chosen: boolean;
  /** Its policy file, when it has one; else the default policy applies. */
  policyFile: string | null;
  /** Where its runs' evidence goes. */
  evidence: string;
}

/** Where an environment stands against the project's truth (crates/db/src/drift.rs `State`). */
export type DriftState =
  | { state: "in-sync" }
  | { state: "behind"; migrations: number; differences: number }
  | { state: "drifted"; differences: number }
  | { state: "between"; contract: string; differences: number }
  | { state: "unreadable"; why: string };

/** The board of environments (src-tauri/src/drift.rs `Board`). */
export interface Board {
  project: ProjectInfo;
  truth: string;
  truthSource: string;
  /** What Compare is given for the truth, when it can be named without a secret. */
  truthOpen: string | null;
  sides: { name: string; source: string; state: DriftState; open: string | null }[];
}

/** The runs of the project the window works in (src-tauri/src/plans.rs `History`). */
export interface History {
  project: string | null;
  runs: RunSummary[];
}

/** Where one migration stands on a database (crates/db/src/migrations/status.rs `State`). */
export type MigrationState = "applied" | "pending" | "failed" | "modified" | "missing-locally";

/** src-tauri/src/migrations.rs `Column`: one database's side of the migrations view. */
export interface MigrationsColumn {
  id: string;
  table: string | null;
  states: MigrationState[];
  unknown: string[];
  error: { code: string; message: string } | null;
  /** Of another dialect than the folder's: not read, not shown in the grid. */
  otherDialect: boolean;
}

/** src-tauri/src/migrations.rs `Matrix`. */
export interface MigrationsMatrix {
  folder: string;
  layout: "prisma" | "up-down" | "plain" | "drizzle";
  migrations: string[];
  /** The family of dialects the folder says it is for (Prisma's migration_lock.toml). */
  dialect: Family | null;
  columns: MigrationsColumn[];
}
