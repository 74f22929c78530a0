import { call } from "./client";
import type { ParsedUrl, Preflight, ProfileEntry, ProfileForm, ProfileListing } from "./index";

/** Every profile (no passwords), whether the OS keychain is usable, and the profile file. */
export const list = () => call<ProfileListing>("profile_list");

/** Adds (form.id null) or replaces a profile; a non-empty password goes to the OS keychain. */
export const save = (form: ProfileForm, password: string | null) =>
  call<ProfileEntry>("profile_save", { form, password });

/** Removes a profile and its saved password. */
export const remove = (id: string) => call<void>("profile_delete", { id });

/** Checks a saved profile's connection (read-only) and records the result. */
export const test = (id: string) => call<ProfileEntry>("profile_test", { id });

/** Checks the connection an unsaved form describes. */
export const check = (form: ProfileForm, password: string | null) =>
  call<Preflight>("profile_check", { form, password });

/** Saves a profile's password: in the keychain, or for this session when there is none. */
export const setPassword = (id: string, password: string) =>
  call<ProfileEntry>("profile_set_password", { id, password });

/** Allows writes to a read-only profile for a while. */
export const unlock = (id: string, minutes: number) => call<ProfileEntry>("profile_unlock", { id, minutes });

/** Ends an unlock now. */
export const lock = (id: string) => call<ProfileEntry>("profile_lock", { id });

/** Reads a pasted URL into form fields (and the password it held, to save with the profile). */
export const parseUrl = (url: string, environment: string) =>
  call<ParsedUrl>("profile_parse_url", { url, environment });
