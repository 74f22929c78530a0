// Re-exports the API. Types the backend sends that are not engine types live here, hand-written;
// engine types are generated from Rust into ./generated (never edit those).
export * as demo from "./demo";
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

/** A database the sidebar lists (src-tauri/src/state.rs `SourceEntry`). */
export interface SourceEntry {
  id: string;
  name: string;
  environment: string;
  source: string;
}
