// Saved connection profiles (shared with the CLI). Passwords go to the backend and never come
// back; the UI names a profile's database as "@ID".
import { ApiError, profile, type KeychainStatus, type ProfileEntry, type ProfileForm, type SourceEntry } from "../api";

/** What this session knows of a profile's connection: a check running, passed or failed. */
export type ConnectionStatus = { state: "testing" } | { state: "ok" } | { state: "failed"; message: string };

class ProfilesStore {
  items = $state<ProfileEntry[]>([]);
  keychain = $state<KeychainStatus | null>(null);
  file = $state("");
  error = $state<ApiError | null>(null);
  status = $state<Record<string, ConnectionStatus>>({});

  async load(): Promise<void> {
    try {
      const listing = await profile.list();
      this.items = listing.profiles;
      this.keychain = listing.keychain;
      this.file = listing.file;
      this.error = null;
    } catch (e) {
      this.error = ApiError.from(e);
    }
  }

  find(id: string): ProfileEntry | undefined {
    return this.items.find((p) => p.form.id === id);
  }

  /** Saves and reloads; throws the ApiError (with field problems) for the form to show. */
  async save(form: ProfileForm, password: string | null): Promise<ProfileEntry> {
    const saved = await profile.save(form, password);
    await this.load();
    return saved;
  }

  async remove(id: string): Promise<void> {
    await profile.remove(id);
    delete this.status[id];
    await this.load();
  }

  /** Checks the connection; the result shows as the profile's status dot and check line. */
  async test(id: string): Promise<void> {
    this.status[id] = { state: "testing" };
    try {
      this.replace(await profile.test(id));
      this.status[id] = { state: "ok" };
    } catch (e) {
      this.status[id] = { state: "failed", message: ApiError.from(e).message };
    }
  }

  async setPassword(id: string, password: string): Promise<void> {
    this.replace(await profile.setPassword(id, password));
  }

  async unlock(id: string, minutes: number): Promise<void> {
    this.replace(await profile.unlock(id, minutes));
  }

  async lock(id: string): Promise<void> {
    this.replace(await profile.lock(id));
  }

  /** A profile's schema was just read: its connection works, as a test would have said. */
  connected(id: string): void {
    this.status[id] = { state: "ok" };
  }

  private replace(entry: ProfileEntry): void {
    this.items = this.items.map((p) => (p.form.id === entry.form.id ? entry : p));
  }

  /** The profiles as sources the sidebar, the browser and the comparison can open. */
  get sources(): SourceEntry[] {
    return this.items.map((p) => ({
      id: `profile-${p.form.id}`,
      name: p.form.name,
      environment: p.form.environment,
      source: `@${p.form.id}`,
      production: p.production,
      dialect: p.form.dialect === "mariadb" ? "mysql" : p.form.dialect,
      color: p.color,
      profileId: p.form.id ?? undefined,
    }));
  }
}

export const profiles = new ProfilesStore();
