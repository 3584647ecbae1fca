/**
 * Whether a response body is the API's one error shape (src/common/README.md, "Errors"): statusCode, error, code, message
 * and requestId, plus details[] of { field, message } when present. Returns what is wrong, or null.
 */
export function errorShapeProblem(status: number, body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return `not a JSON object: ${String(body).slice(0, 200)}`;
  const error = body as Record<string, unknown>;
  if (error.statusCode !== status) return `statusCode ${String(error.statusCode)} differs from the HTTP status ${status}`;
  for (const field of ['error', 'code', 'message', 'requestId']) {
    if (typeof error[field] !== 'string' || error[field] === '') return `no ${field}`;
  }
  if (error.details !== undefined) {
    const details = error.details;
    if (!Array.isArray(details) || details.length === 0) return 'details is not a non-empty array';
    if (details.some((detail) => typeof detail?.field !== 'string' || typeof detail?.message !== 'string'))
      return 'a detail lacks field or message';
  }
  return null;
}
