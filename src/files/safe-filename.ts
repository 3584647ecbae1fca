/**
 * A file's name as Plenary stores and sends it: no path (only what follows the last / or \), Unicode
 * letters and digits, spaces, dots, dashes (any), underscores and brackets (anything else becomes "_"), no
 * leading dot, at most 100 characters, and the extension of what the content is (`jpg`, `pdf`), whatever
 * the uploader called it. An empty result becomes `fallback`.
 */
export function safeFilename(name: string, extension: string, fallback = 'file'): string {
  const base = (name.split(/[/\\]/).pop() ?? '').normalize('NFC');
  const stem = base
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{M}\p{N}\p{Pd} ._()]/gu, '_')
    .replace(/_{2,}/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s._]+|[\s._]+$/g, '')
    .slice(0, 100 - extension.length - 1)
    .trim();
  return `${stem || fallback}.${extension}`;
}

/**
 * A Content-Disposition header that every browser reads safely: an ASCII `filename` (quotes, backslashes
 * and non-ASCII replaced) and the exact name as RFC 5987 `filename*`.
 */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
