import { call } from "./client";
import type { SourceEntry } from "./generated/SourceEntry";

/** The bundled demo databases; the backend creates them on first start. */
export const list = () => call<SourceEntry[]>("demo_list");
