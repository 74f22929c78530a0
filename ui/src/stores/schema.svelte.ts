// The schema of the selected source. Calls api/, keeps the last result, how long it took, and the
// progress of a reading under way.
import { ApiError, schema, type Database, type IntrospectProgress, type SourceEntry } from "../api";
import { profiles } from "./profiles.svelte";

class SchemaStore {
  entry = $state<SourceEntry | null>(null);
  database = $state<Database | null>(null);
  loading = $state(false);
  progress = $state<IntrospectProgress | null>(null);
  error = $state<ApiError | null>(null);
  /** When the last introspection finished, and how long it took. */
  loadedAt = $state<Date | null>(null);
  durationMs = $state<number | null>(null);
  // Which request is current. Compared by number, not by entry: $state wraps the entry in a proxy,
  // so the object handed in is never identical to the one read back.
  #request = 0;

  /** Forgets the selection (its profile was deleted). */
  close(): void {
    this.#request++;
    this.entry = null;
    this.database = null;
    this.error = null;
    this.loading = false;
  }

  async open(entry: SourceEntry): Promise<void> {
    const request = ++this.#request;
    const current = () => request === this.#request;
    this.entry = entry;
    this.loading = true;
    this.progress = null;
    this.error = null;
    const started = performance.now();
    try {
      const database = await schema.introspect(entry.source, (p) => {
        if (current()) this.progress = p;
      });
      // A newer selection wins: drop results for a source the user has already left.
      if (!current()) return;
      this.database = database;
      if (entry.profileId) profiles.connected(entry.profileId);
      this.durationMs = Math.round(performance.now() - started);
      this.loadedAt = new Date();
    } catch (e) {
      if (!current()) return;
      this.database = null;
      this.error = ApiError.from(e);
    } finally {
      if (current()) {
        this.loading = false;
        this.progress = null;
      }
    }
  }
}

export const schemaStore = new SchemaStore();
