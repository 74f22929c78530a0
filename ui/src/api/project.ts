import { call } from "./client";
import type { Board, ProjectInfo, ProjectSetUp } from "./index";

/** The project the window works in: the one chosen, else that of the plan last opened. */
export const get = () => call<ProjectInfo | null>("project_get");

/** Makes `folder` the project of every plan opened from now on (kept across restarts); `null`
 * goes back to finding each plan's project from its folder. */
export const choose = (folder: string | null) => call<ProjectInfo | null>("project_choose", { folder });

/** What the project's folder holds (database, tools, schema, migrations, URL variables) and the
 * project file Plumb proposes for it; null while there is no project or once it has its file.
 * Reads only. */
export const setUp = () => call<ProjectSetUp | null>("project_set_up");

/** Writes the proposed project file, if it is still `text`; never over an existing one. */
export const init = (text: string) => call<ProjectInfo>("project_init", { text });

/** Each environment of the project against its truth, read now (as `plumb drift`). */
export const drift = () => call<Board>("project_drift");
