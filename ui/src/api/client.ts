// The only module that calls `invoke`: every command goes through `call`, which turns whatever the
// backend throws into an ApiError.
import { Channel, invoke } from "@tauri-apps/api/core";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open } from "@tauri-apps/plugin-dialog";
import { ApiError } from "./errors";

/** Every command the backend registers; kept equal to src-tauri/build.rs by client.test.ts. */
export const COMMANDS = [
  "demo_list",
  "schema_introspect",
  "work_cancel",
  "diff_compare",
  "diff_recompare",
  "diff_plan_path",
  "diff_create_plan",
  "diff_schemas",
  "audit_run",
  "audit_create_plan",
  "code_scan",
  "seed_check",
  "seed_run",
  "project_set_up",
  "project_init",
  "profile_list",
  "profile_save",
  "profile_delete",
  "profile_test",
  "profile_check",
  "profile_set_password",
  "profile_unlock",
  "profile_lock",
  "profile_parse_url",
  "plan_open",
  "plan_approve",
  "plan_trust_preview",
  "plan_trust",
  "apply_preview",
  "apply_run",
  "history_list",
  "history_evidence",
  "history_files",
  "history_open_folder",
  "migrations_status",
  "migrations_new_preview",
  "migrations_new_write",
  "migrations_deploy",
  "project_get",
  "project_choose",
  "project_drift",
] as const;
export type Command = (typeof COMMANDS)[number];

export async function call<T>(cmd: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw ApiError.from(e);
  }
}

/** A channel the backend streams events on (progress of long operations). */
export function channel<T>(onMessage: (event: T) => void): Channel<T> {
  const ch = new Channel<T>();
  ch.onmessage = onMessage;
  return ch;
}

/** Names the window after what it shows, so the environment is visible in the task bar too. */
export async function setWindowTitle(title: string): Promise<void> {
  try {
    await getCurrentWindow().setTitle(title);
  } catch {
    // Outside the app (unit tests, a browser preview) there is no window to name.
  }
}

/** One file chosen with the system's file picker, offered by kind first; null when cancelled. */
async function pickFile(kind: string, extensions: string[]): Promise<string | null> {
  const picked = await open({
    multiple: false,
    directory: false,
    filters: [
      { name: kind, extensions },
      { name: "All files", extensions: ["*"] },
    ],
  });
  return typeof picked === "string" ? picked : null;
}

/** Asks for an SQLite database file; null when cancelled. */
export const pickSqliteFile = () => pickFile("SQLite databases", ["db", "sqlite", "sqlite3"]);

/** Asks for a plan file (`plumb plan --out`); null when cancelled. */
export const pickPlanFile = () => pickFile("Plumb plans", ["json"]);

/** Asks for a schema file (`schema.prisma`, `.sql`); null when cancelled. */
export const pickSchemaFile = () => pickFile("Schemas", ["prisma", "sql"]);

/** Asks for a seed file (`.sql`); null when cancelled. */
export const pickSeedFile = () => pickFile("SQL seeds", ["sql"]);

/** Asks for a folder (migrations, code, seeds) with the system's folder picker; null when cancelled. */
export async function pickFolder(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: true });
  return typeof picked === "string" ? picked : null;
}

/**
 * Calls `handler` with the path of each file dropped on the window (the webview gets paths from
 * Tauri, not from HTML drop events); returns the function that stops listening.
 */
export async function onFileDrop(handler: (path: string) => void): Promise<() => void> {
  try {
    return await getCurrentWebview().onDragDropEvent((event) => {
      if (event.payload.type === "drop") event.payload.paths.slice(0, 1).forEach(handler);
    });
  } catch {
    return () => {};
  }
}
