// Errors as the backend sends them: { code, message, details } (src-tauri/src/error.rs).

/** Mirrors `ErrorCode` in src-tauri/src/error.rs. */
export const ERROR_CODES = [
  "invalid",
  "fileNotFound",
  "notADatabase",
  "locked",
  "connectionFailed",
  "authFailed",
  "databaseNotFound",
  "timeout",
  "permissionDenied",
  "staleSchema",
  "stepFailed",
  "queryFailed",
  "unsupported",
  "profileNotFound",
  "passwordNeeded",
  "keychain",
  "readOnly",
  "blocked",
  "cancelled",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetails {
  path: string | null;
  /** Form fields that are wrong (`host`, `tls.caFile`), each with what to do. */
  fields?: { field: string; message: string }[];
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | null;

  constructor(code: ErrorCode, message: string, details: ErrorDetails | null = null) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
  }

  /** Normalizes anything thrown across IPC; unknown shapes become code "internal". */
  static from(thrown: unknown): ApiError {
    if (thrown instanceof ApiError) return thrown;
    if (typeof thrown === "object" && thrown !== null) {
      const { code, message, details } = thrown as Record<string, unknown>;
      if (typeof code === "string" && (ERROR_CODES as readonly string[]).includes(code) && typeof message === "string") {
        return new ApiError(code as ErrorCode, message, (details as ErrorDetails | null | undefined) ?? null);
      }
    }
    const text = thrown instanceof Error ? thrown.message : String(thrown);
    return new ApiError("internal", text);
  }
}
