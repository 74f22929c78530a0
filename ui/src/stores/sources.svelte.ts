// The databases the sidebar lists. Calls api/, caches the result.
import { ApiError, demo, type SourceEntry } from "../api";

class SourcesStore {
  items = $state<SourceEntry[]>([]);
  loading = $state(false);
  error = $state<ApiError | null>(null);

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.items = await demo.list();
    } catch (e) {
      this.error = ApiError.from(e);
    } finally {
      this.loading = false;
    }
  }
}

export const sources = new SourcesStore();
