import { call } from "./client";
import type { EvidenceFile, History } from "./index";

/** The runs recorded in the evidence folder of the project last opened, newest first. */
export const list = () => call<History>("history_list");

/** One evidence file of a listed run (`04-post-verify.md`). */
export const evidence = (folder: string, file: string) => call<string>("history_evidence", { folder, file });

/** Every file of a listed run's evidence folder, the numbered reports first. */
export const files = (folder: string) => call<EvidenceFile[]>("history_files", { folder });

/** Opens a listed run's evidence folder in the system's file manager. */
export const openFolder = (folder: string) => call<void>("history_open_folder", { folder });
