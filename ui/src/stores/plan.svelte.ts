// A plan file under review and its apply: the review (SQL, findings, approvals), the reviewer's
// decision, what the gate asks for the chosen target, and the progress and outcome of a run.
import { SvelteSet } from "svelte/reactivity";
import {
  ApiError,
  apply,
  plan,
  type ApplyEvent,
  type ApplyOutcome,
  type ApplyPreview,
  type PlanReview,
  type SourceEntry,
} from "../api";

export type StepState = "pending" | "running" | "done" | "skipped";

class PlanStore {
  path = $state("");
  review = $state.raw<PlanReview | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  /** The reviewer's (and the person applying's) name. */
  name = $state("");
  comment = $state("");
  /** Blocking findings acknowledged, by `acknowledgementKey`. */
  acknowledged = new SvelteSet<string>();
  deciding = $state(false);
  decided = $state<string | null>(null);

  target = $state<SourceEntry | null>(null);
  preview = $state.raw<ApplyPreview | null>(null);
  previewing = $state(false);
  confirmation = $state("");
  running = $state(false);
  steps = $state<StepState[]>([]);
  current = $state<{ step: number; total: number; description: string; sql: string; startedAt: number } | null>(null);
  phase = $state<string | null>(null);
  /** How far the running backfill or table copy is. */
  backfill = $state<Extract<ApplyEvent, { event: "backfilling" }> | null>(null);
  outcome = $state.raw<ApplyOutcome | null>(null);
  applyError = $state<ApiError | null>(null);

  async open(path: string): Promise<void> {
    this.path = path;
    this.loading = true;
    this.error = null;
    this.reset();
    try {
      this.review = await plan.open(path);
      this.name ||= this.review.identity.name;
      // Your own ticks stay with the plan (by its hash) until you approve or apply it.
      this.acknowledged.clear();
      for (const key of savedTicks(this.review.plan.hash)) this.acknowledged.add(key);
    } catch (e) {
      this.review = null;
      this.error = ApiError.from(e);
    } finally {
      this.loading = false;
    }
  }

  reset(): void {
    this.preview = null;
    this.outcome = null;
    this.applyError = null;
    this.steps = [];
    this.current = null;
    this.phase = null;
    this.backfill = null;
    this.decided = null;
  }

  async decide(verdict: "approve" | "reject"): Promise<void> {
    if (!this.review) return;
    this.deciding = true;
    this.error = null;
    try {
      this.review = await plan.approve(this.review.path, this.name, verdict, this.comment, [...this.acknowledged]);
      this.decided = verdict === "approve" ? "approved" : "rejected";
      this.comment = "";
    } catch (e) {
      this.error = ApiError.from(e);
    } finally {
      this.deciding = false;
    }
  }

  /** Trusts the reviewer whose approval's key the project does not know, over the policy text
   * the person saw; the review is read again with them counted. */
  async trust(approver: string, before: string): Promise<void> {
    if (!this.review) return;
    this.error = null;
    try {
      this.review = await plan.trust(this.review.path, approver, before);
      if (this.target) await this.check();
    } catch (e) {
      this.error = ApiError.from(e);
    }
  }

  async check(): Promise<void> {
    if (!this.review || !this.target) return;
    this.previewing = true;
    this.applyError = null;
    try {
      this.preview = await apply.preview(this.review.path, this.target.source, this.name, [...this.acknowledged]);
    } catch (e) {
      this.preview = null;
      this.applyError = ApiError.from(e);
    } finally {
      this.previewing = false;
    }
  }

  #event(e: ApplyEvent): void {
    switch (e.event) {
      case "started":
        this.steps = Array.from({ length: e.total }, () => "pending");
        this.phase = `run ${e.runId}`;
        break;
      case "backingUp":
        this.phase = `backing up ${e.what}`;
        break;
      case "running":
        this.backfill = null;
        this.steps[e.step - 1] = "running";
        this.current = { step: e.step, total: e.total, description: e.description, sql: e.sql, startedAt: Date.now() };
        this.phase = null;
        break;
      case "done":
        this.steps[e.step - 1] = "done";
        break;
      case "skipped":
        this.steps[e.step - 1] = "skipped";
        break;
      case "waiting":
        this.phase = `statement ${e.step} waits for its lock: attempt ${e.attempt} in ${e.pauseMs} ms`;
        break;
      case "backfilling":
        this.backfill = e;
        break;
      case "verifying":
        this.current = null;
        this.phase = "checking the result against the plan";
        break;
    }
  }

  async apply(): Promise<void> {
    if (!this.review || !this.target) return;
    this.running = true;
    this.applyError = null;
    this.outcome = null;
    try {
      this.outcome = await apply.run(
        this.review.path,
        this.target.source,
        this.name,
        [...this.acknowledged],
        this.preview?.confirm ? this.confirmation : null,
        (e) => this.#event(e),
      );
    } catch (e) {
      this.applyError = ApiError.from(e);
    } finally {
      this.running = false;
      this.current = null;
      this.phase = null;
    }
    // What the gate says now: after a run, that the target has the plan's result.
    await this.check();
  }
}

/** The acknowledgements ticked for the plan of `hash` in this window before. */
function savedTicks(hash: string): string[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(`plumb.ticks.${hash}`) ?? "[]");
    return Array.isArray(saved) ? saved.filter((k): k is string => typeof k === "string") : [];
  } catch {
    return [];
  }
}

/** Keeps the ticks of the plan of `hash` for the next time it is opened. */
export function saveTicks(hash: string, keys: Iterable<string>): void {
  localStorage.setItem(`plumb.ticks.${hash}`, JSON.stringify([...keys]));
}

export const planStore = new PlanStore();
