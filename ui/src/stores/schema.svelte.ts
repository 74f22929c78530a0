// The schema of the selected source. Calls api/, keeps the last result and how long it took.
import { ApiError, schema, type Database, type SourceEntry } from "../api";

class SchemaStore {
  entry = $state<SourceEntry | null>(null);
  database = $state<Database | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  /** When the last introspection finished, and how long it took. */
  loadedAt = $state<Date | null>(null);
  durationMs = $state<number | null>(null);

  async open(entry: SourceEntry): Promise<void> {
    this.entry = entry;
    this.loading = true;
    this.error = null;
    const started = performance.now();
    try {
      const database = await schema.introspect(entry.source);
      // A newer selection wins: drop results for a source the user has already left.
      if (this.entry !== entry) return;
      this.database = database;
      this.durationMs = Math.round(performance.now() - started);
      this.loadedAt = new Date();
    } catch (e) {
      if (this.entry !== entry) return;
      this.database = null;
      this.error = ApiError.from(e);
    } finally {
      if (this.entry === entry) this.loading = false;
    }
  }
}

export const schemaStore = new SchemaStore();
