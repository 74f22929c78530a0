import { call } from "./client";
import type { Board, ProjectInfo } from "./index";

/** The project the window works in: the one chosen, else that of the plan last opened. */
export const get = () => call<ProjectInfo | null>("project_get");

/** Makes `folder` the project of every plan opened from now on (kept across restarts); `null`
 * goes back to finding each plan's project from its folder. */
export const choose = (folder: string | null) => call<ProjectInfo | null>("project_choose", { folder });

/** Each environment of the project against its truth, read now (as `plumb drift`). */
export const drift = () => call<Board>("project_drift");
