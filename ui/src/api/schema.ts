import { call } from "./client";
import type { Database } from "./generated/Database";

/** Reads the schema of a source (`sqlite:PATH`, a snapshot, …). Never writes anything. */
export const introspect = (source: string) => call<Database>("schema_introspect", { source });
