/**
 * Where a handlebars source goes wrong, for an organiser's message: handlebars reports an unclosed
 * `{{#if}}` at the end of the source ("got 'EOF'") and a missing partial with no line at all, so these
 * look for the tag at fault. Pure; only used to describe an error handlebars has already found.
 */

export interface TemplateProblem {
  line: number;
  reason: string;
}

/** Every `{{…}}` tag of a source with its line, comments left out. */
function tags(source: string): { text: string; line: number }[] {
  const found: { text: string; line: number }[] = [];
  // {{!-- … --}} and {{! … }} are comments; anything else between {{ and }} is a tag.
  const pattern = /\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\{\{\{?([\s\S]*?)\}?\}\}/g;
  for (const match of source.matchAll(pattern)) {
    if (match[1] === undefined) continue;
    found.push({ text: match[1].replace(/^~|~$/g, '').trim(), line: lineAt(source, match.index) });
  }
  return found;
}

const lineAt = (source: string, index: number) => source.slice(0, index).split('\n').length;

/**
 * The first block that is closed by the wrong tag, or else the innermost block never closed: what an
 * organiser has to fix, at the line of the tag to look at.
 */
export function unbalancedBlock(source: string): TemplateProblem | null {
  const open: { name: string; line: number }[] = [];
  for (const tag of tags(source)) {
    const opening = /^(#>|#\*|#|\^)\s*([^\s}]+)/.exec(tag.text);
    if (opening) {
      open.push({ name: opening[2], line: tag.line });
      continue;
    }
    const closing = /^\/\s*([^\s}]+)/.exec(tag.text);
    if (!closing) continue;
    const innermost = open.pop();
    if (!innermost) return { line: tag.line, reason: `{{/${closing[1]}}} closes a block that was never opened` };
    if (innermost.name !== closing[1])
      return {
        line: tag.line,
        reason: `{{/${closing[1]}}} does not close the {{#${innermost.name}}} block opened on line ${innermost.line}`,
      };
  }
  const unclosed = open.pop();
  return unclosed ? { line: unclosed.line, reason: `the {{#${unclosed.name}}} block is never closed (no {{/${unclosed.name}}})` } : null;
}

/** The first line that uses the partial `name` (`{{> name}}` or `{{#> name}}`), or null. */
export function partialLine(source: string, name: string): number | null {
  for (const tag of tags(source)) {
    const partial = /^#?>\s*([^\s}]+)/.exec(tag.text);
    if (partial && partial[1] === name) return tag.line;
  }
  return null;
}
