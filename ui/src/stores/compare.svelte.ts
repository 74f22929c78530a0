// The diff viewer's state: which two sources, the options, the last result, and the progress of a
// comparison under way. Re-comparisons (a rename confirmed, an exclude pattern changed) reuse the
// schemas the backend already read.
import {
  ApiError,
  diff,
  schema,
  type CompareOptions,
  type CompareProgress,
  type CompareResult,
  type Database,
  type PossibleRename,
  type SourceEntry,
} from "../api";
import { SvelteSet } from "svelte/reactivity";
import { describeRename, renameArgument } from "../lib/diff";
import { saveTicks } from "./plan.svelte";

/** A rename the user confirmed, with the words to show for it. */
export interface ConfirmedRename {
  argument: string;
  label: string;
}

/** How the values of one column convert to its new type, as the user wrote it. */
export interface Cast {
  /** `schema.table.column`. */
  column: string;
  expression: string;
}

class CompareStore {
  from = $state<SourceEntry | null>(null);
  to = $state<SourceEntry | null>(null);
  /** Exclude globs as typed: separated by commas or spaces. */
  exclude = $state("");
  confirmed = $state<ConfirmedRename[]>([]);
  /** Plan online (concurrent builds, NOT VALID then VALIDATE, batched backfills, table copies). */
  online = $state(false);
  /** Conversions the user wrote for type changes without a cast (`USING`). */
  casts = $state<Cast[]>([]);
  /** Raw: thousands of objects and DDL rows need no deep reactivity, only replacement. */
  result = $state.raw<CompareResult | null>(null);
  /** The pair the result is about (the pickers may have moved on since). */
  compared = $state.raw<{ from: SourceEntry; to: SourceEntry } | null>(null);
  loading = $state(false);
  /** Both schemas of the result shown, once the diagram asked for them. */
  schemas = $state.raw<{ id: number; from: Database; to: Database } | null>(null);
  /** The Create plan dialog is open (from its button or the command palette). */
  creating = $state(false);
  progress = $state<Record<"from" | "to", CompareProgress | null>>({ from: null, to: null });
  error = $state<ApiError | null>(null);
  /** Blocking findings the reviewer acknowledged (by `acknowledgementKey`); a new plan clears them. */
  acknowledged = new SvelteSet<string>();
  #request = 0;
  #ticket: string | null = null;
  /** The options the result shown was made with: a plan file is made with these, not with a field
   * edited since. */
  #shown: CompareOptions | null = null;

  options(): CompareOptions {
    return {
      schemas: [],
      exclude: this.exclude.split(/[\s,]+/).filter(Boolean),
      renames: this.confirmed.map((r) => r.argument),
      online: this.online,
      using: this.casts.map((c) => `${c.column}=${c.expression}`),
    };
  }

  swap(): void {
    [this.from, this.to] = [this.to, this.from];
  }

  /** Reads both sources and compares them; renames confirmed for another pair are dropped. */
  async compare(): Promise<void> {
    const { from, to } = this;
    if (!from || !to) return;
    const samePair = this.compared?.from.source === from.source && this.compared?.to.source === to.source;
    if (!samePair) {
      this.confirmed = [];
      this.casts = [];
      // As `plumb plan` does: online by default where the current side is production.
      this.online = from.production;
    }
    const ticket = crypto.randomUUID();
    this.#ticket = ticket;
    await this.#run(
      (options) =>
        diff.compare(from.source, to.source, options, ticket, (p) => {
          this.progress = { ...this.progress, [p.side]: p };
        }),
      { from, to },
    );
  }

  /** Stops reading the two sources: the comparison shown before stays. */
  stop(): void {
    if (this.#ticket) void schema.cancel(this.#ticket);
  }

  /** Confirms a possible rename, or takes a confirmed one back, and compares again. */
  async toggleRename(rename: PossibleRename | ConfirmedRename): Promise<void> {
    const argument = "argument" in rename ? rename.argument : renameArgument(rename);
    this.confirmed = this.confirmed.some((r) => r.argument === argument)
      ? this.confirmed.filter((r) => r.argument !== argument)
      : [...this.confirmed, { argument, label: "argument" in rename ? rename.label : describeRename(rename) }];
    await this.recompare();
  }

  /** Sets how a column's values convert (an empty expression takes the conversion back), and plans again. */
  async setCast(column: string, expression: string): Promise<void> {
    const others = this.casts.filter((c) => c.column !== column);
    this.casts = expression.trim() ? [...others, { column, expression: expression.trim() }] : others;
    await this.recompare();
  }

  /** Switches between the ordinary and the online plan, and plans again. */
  async setOnline(online: boolean): Promise<void> {
    this.online = online;
    await this.recompare();
  }

  /** Compares the same pair again with the current options, without reading it again. */
  async recompare(): Promise<void> {
    const result = this.result;
    const compared = this.compared;
    if (!result || !compared) return;
    await this.#run((options) => diff.recompare(result.id, options), compared);
  }

  /** Both schemas of the result shown, read from the backend once per comparison. */
  async loadSchemas(): Promise<void> {
    const id = this.result?.id;
    if (id === undefined || this.schemas?.id === id) return;
    try {
      const both = await diff.schemas(id);
      if (this.result?.id === id) this.schemas = { id, ...both };
    } catch (e) {
      this.error = ApiError.from(e);
    }
  }

  /** Saves the plan shown as a new plan file at `path`; your ticks go with it to Review & apply. */
  async createPlan(path: string): Promise<string> {
    const result = this.result;
    if (!result?.plan || !this.#shown) throw new Error("there is no plan to save: compare two sources first");
    const saved = await diff.createPlan(result.id, this.#shown, result.plan.hash, path);
    saveTicks(result.plan.hash, this.acknowledged);
    // Closed here, not by the dialog: the view showing it is left for Review & apply at once.
    this.creating = false;
    return saved;
  }

  async #run(
    request: (options: CompareOptions) => Promise<CompareResult>,
    pair: { from: SourceEntry; to: SourceEntry },
  ): Promise<void> {
    const id = ++this.#request;
    const current = () => id === this.#request;
    this.loading = true;
    this.error = null;
    this.progress = { from: null, to: null };
    try {
      const options = this.options();
      const result = await request(options);
      if (!current()) return;
      this.#shown = options;
      this.result = result;
      this.compared = pair;
      this.acknowledged.clear();
    } catch (e) {
      const error = ApiError.from(e);
      if (current() && error.code !== "cancelled") this.error = error;
    } finally {
      if (current()) this.loading = false;
    }
  }
}

export const compareStore = new CompareStore();
