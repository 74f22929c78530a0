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
export type { EnumType } from "./generated/EnumType";
export type { Domain } from "./generated/Domain";
export type { Sequence } from "./generated/Sequence";
export type { Routine } from "./generated/Routine";
export type { Policy } from "./generated/Policy";
export type { Extension } from "./generated/Extension";
export type { UnsupportedObject } from "./generated/UnsupportedObject";
export type { Identity } from "./generated/Identity";

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
