// The databases the sidebar lists: saved profiles, the bundled demos, and sources opened by hand
// in this session (kept in memory only: a URL may hold a password, which never goes to disk).
import { ApiError, demo, type SourceEntry } from "../api";
import { familyOfSource } from "../lib/environment";
import { redactSource } from "../lib/format";
import { profiles } from "./profiles.svelte";

class SourcesStore {
  items = $state<SourceEntry[]>([]);
  opened = $state<SourceEntry[]>([]);
  loading = $state(false);
  error = $state<ApiError | null>(null);

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      [this.items] = await Promise.all([demo.list(), profiles.load()]);
    } catch (e) {
      this.error = ApiError.from(e);
    } finally {
      this.loading = false;
    }
  }

  /** Adds a source typed by the user (a URL or a path) and returns its entry. */
  open(text: string): SourceEntry {
    const source = text.trim();
    const existing = this.opened.find((e) => e.source === source);
    if (existing) return existing;
    const entry: SourceEntry = {
      id: `opened-${this.opened.length + 1}`,
      name: redactSource(source),
      environment: "opened",
      source,
      production: false,
      dialect: familyOfSource(source),
    };
    this.opened = [...this.opened, entry];
    return entry;
  }

  /** Profiles first, then the demos, then what was opened by hand. */
  get all(): SourceEntry[] {
    return [...profiles.sources, ...this.items, ...this.opened];
  }
}

export const sources = new SourcesStore();
