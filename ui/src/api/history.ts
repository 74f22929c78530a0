import { call } from "./client";
import type { History } from "./index";

/** The runs recorded in the evidence folder of the project last opened, newest first. */
export const list = () => call<History>("history_list");

/** One evidence file of a listed run (`04-post-verify.md`). */
export const evidence = (folder: string, file: string) => call<string>("history_evidence", { folder, file });
