/** Query parameters that carry a secret: invitation, manage and delegation links, and anything named like a token, code, key or password. */
const SECRET_PARAMETER =
  /^(?:invitation|delegation|manage|code|secret|signature|(?:.*[_-])?(?:api)?key|.*token.*|.*password.*|.*reset.*)$/i;
/** Path segments that carry a secret: the one after /manage/ (manage links), /reset/, /token(s)/ or /console/invitations/ (team invitations). */
const SECRET_SEGMENT = /(\/(?:manage|reset|tokens?|console\/invitations)\/)[^/?#]+/gi;

/**
 * A URL as it may be logged: every secret it carries (see SECRET_PARAMETER and SECRET_SEGMENT) replaced
 * by "…". The one rule for every URL that reaches a log line.
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = (queryAt === -1 ? url : url.slice(0, queryAt)).replace(SECRET_SEGMENT, '$1…');
  if (queryAt === -1) return path;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals === -1 ? pair : pair.slice(0, equals);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // a malformed name is judged as written
      }
      return equals !== -1 && SECRET_PARAMETER.test(name.trim()) ? `${rawName}=…` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}
