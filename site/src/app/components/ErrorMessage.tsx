import { ApiError } from "../api/client";
import { inUiWords } from "../lib/field-paths";

/**
 * Shows what went wrong in a sentence, with the request id when the API gave one; the fields the API
 * names (`spec.scenes.0.url`) are said as the dashboard shows them ("Scene 1 · page URL").
 */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof ApiError
      ? inUiWords(error.message)
      : error instanceof Error
        ? error.message
        : String(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className="alert error" role="alert">
      {message}
      {requestId && <span className="muted"> (request {requestId})</span>}
    </div>
  );
}
