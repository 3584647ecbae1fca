/** The value of one cookie of a request, or undefined. */
export function cookieOf(request: { headers: { cookie?: string } }, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
