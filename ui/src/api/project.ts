import { call } from "./client";
import type { ProjectInfo } from "./index";

/** The project the window works in: the one chosen, else that of the plan last opened. */
export const get = () => call<ProjectInfo | null>("project_get");

/** Makes `folder` the project of every plan opened from now on (kept across restarts); `null`
 * goes back to finding each plan's project from its folder. */
export const choose = (folder: string | null) => call<ProjectInfo | null>("project_choose", { folder });
