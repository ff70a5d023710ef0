import { ApiError } from "../api/client";

/** Shows what went wrong in a sentence, with the request id when the API gave one. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className="alert error" role="alert">
      {message}
      {requestId && <span className="muted"> (request {requestId})</span>}
    </div>
  );
}
