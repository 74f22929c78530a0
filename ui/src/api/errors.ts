// Errors as the backend sends them: { code, message, details } (src-tauri/src/error.rs).
import type { ErrorCode } from "./generated/ErrorCode";
import type { ErrorDetails } from "./generated/ErrorDetails";

export type { ErrorCode, ErrorDetails };

/** Every code the backend sends, as a set the compiler checks against the generated type: a code
 * added in Rust fails the type-check here until it is listed. */
const CODES: Record<ErrorCode, true> = {
  invalid: true,
  fileNotFound: true,
  notADatabase: true,
  locked: true,
  connectionFailed: true,
  authFailed: true,
  databaseNotFound: true,
  timeout: true,
  permissionDenied: true,
  staleSchema: true,
  stepFailed: true,
  queryFailed: true,
  unsupported: true,
  profileNotFound: true,
  passwordNeeded: true,
  keychain: true,
  readOnly: true,
  blocked: true,
  cancelled: true,
  internal: true,
};

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
      if (typeof code === "string" && Object.hasOwn(CODES, code) && typeof message === "string") {
        return new ApiError(code as ErrorCode, message, (details as ErrorDetails | null | undefined) ?? null);
      }
    }
    const text = thrown instanceof Error ? thrown.message : String(thrown);
    return new ApiError("internal", text);
  }
}
