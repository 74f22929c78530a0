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
  /** The reading under way, to stop it. */
  #ticket: string | null = null;
  /** What was shown before the reading under way, shown again if it is stopped. */
  #before: { entry: SourceEntry | null; database: Database | null } | null = null;

  /** Stops the reading under way: the database shown before it comes back. */
  stop(): void {
    if (this.#ticket) void schema.cancel(this.#ticket);
  }

  /** Forgets the selection (its profile was deleted). */
  close(): void {
    this.#request++;
    this.entry = null;
    this.database = null;
    this.error = null;
    this.loading = false;
  }

  async open(entry: SourceEntry): Promise<void> {
    // A reading still under way is for a database the user has left: stop it.
    if (this.loading) this.stop();
    else this.#before = { entry: this.entry, database: this.database };
    const request = ++this.#request;
    const current = () => request === this.#request;
    const ticket = crypto.randomUUID();
    this.#ticket = ticket;
    this.entry = entry;
    this.loading = true;
    this.progress = null;
    this.error = null;
    const started = performance.now();
    try {
      const database = await schema.introspect(entry.source, ticket, (p) => {
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
      const error = ApiError.from(e);
      if (error.code === "cancelled") {
        this.entry = this.#before?.entry ?? null;
        this.database = this.#before?.database ?? null;
      } else {
        this.database = null;
        this.error = error;
      }
    } finally {
      if (current()) {
        this.loading = false;
        this.progress = null;
      }
    }
  }
}

export const schemaStore = new SchemaStore();
