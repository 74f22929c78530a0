import { call, channel } from "./client";
import type { Database } from "./generated/Database";
import type { IntrospectProgress } from "./index";

/**
 * Reads the schema of a source (`sqlite:PATH`, a snapshot, `postgres://…`, `mysql://…`), reporting
 * each completed step. Never writes anything.
 */
export const introspect = (source: string, ticket: string, onProgress: (p: IntrospectProgress) => void) =>
  call<Database>("schema_introspect", { source, ticket, onProgress: channel(onProgress) });

/** Stops the reading or comparison started with `ticket`; false when it had already ended. */
export const cancel = (ticket: string) => call<boolean>("work_cancel", { ticket });
