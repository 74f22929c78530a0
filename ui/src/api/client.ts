// The only module that calls `invoke`: every command goes through `call`, which turns whatever the
// backend throws into an ApiError.
import { Channel, invoke } from "@tauri-apps/api/core";
import { ApiError } from "./errors";

/** Every command the backend registers; kept equal to src-tauri/build.rs by client.test.ts. */
export const COMMANDS = ["demo_list", "schema_introspect", "diff_compare", "diff_recompare"] as const;
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
