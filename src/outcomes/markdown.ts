import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Outcome documents are written in markdown (CommonMark via markdown-it). Raw HTML in the source is parsed
 * so it can be removed whole rather than shown as text: the HTML rendering goes through sanitize-html with
 * a small allowlist (no script, no images, no event handlers, links only to http, https and mailto), and
 * the plain rendering (PDF, mail text) skips HTML tokens altogether.
 */
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });
// Every link target reaches the sanitiser, which removes unsafe ones and keeps the link text.
markdown.validateLink = () => true;

const SAFE_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], th: ['style'], td: ['style'] },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener' }) },
};

/** Markdown to HTML that is safe to embed in a page or a mail. */
export function renderMarkdown(body: string): string {
  return sanitizeHtml(markdown.render(body), SAFE_HTML).trim();
}

export type MarkdownBlock =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list_item'; depth: number; marker: string; text: string }
  | { type: 'quote'; text: string }
  | { type: 'code'; text: string };

/**
 * The document as plain blocks (headings, paragraphs, list items with their markers, quotes, code) for
 * layouts that are not HTML: the PDF and the text part of mail. Raw HTML is dropped; links keep their text
 * and, when safe, their address in brackets.
 */
export function markdownBlocks(body: string): MarkdownBlock[] {
  const tokens = markdown.parse(body, {});
  const blocks: MarkdownBlock[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let marker: string | null = null;
  let headingLevel = 0;
  let quoteDepth = 0;
  for (const token of tokens) {
    switch (token.type) {
      case 'bullet_list_open':
        lists.push({ ordered: false, next: 1 });
        break;
      case 'ordered_list_open':
        lists.push({ ordered: true, next: Number(token.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const list = lists[lists.length - 1];
        marker = list.ordered ? `${list.next++}.` : '•';
        break;
      }
      case 'heading_open':
        headingLevel = Number(token.tag.slice(1));
        break;
      case 'blockquote_open':
        quoteDepth++;
        break;
      case 'blockquote_close':
        quoteDepth--;
        break;
      case 'fence':
      case 'code_block':
        blocks.push({ type: 'code', text: token.content.replace(/\n$/, '') });
        break;
      case 'inline': {
        const text = inlineText(token.children ?? []);
        if (!text) break;
        if (headingLevel) blocks.push({ type: 'heading', level: headingLevel, text });
        else if (marker) blocks.push({ type: 'list_item', depth: lists.length, marker, text });
        else if (lists.length) blocks.push({ type: 'list_item', depth: lists.length, marker: '', text });
        else if (quoteDepth) blocks.push({ type: 'quote', text });
        else blocks.push({ type: 'paragraph', text });
        headingLevel = 0;
        marker = null;
        break;
      }
    }
  }
  return blocks;
}

type InlineToken = MarkdownIt.Token;

/** Inline HTML elements whose content is not text: dropped with their tags. */
const HIDDEN_OPEN = /^<(script|style|iframe|object|noscript|textarea|template)\b/i;
const HIDDEN_CLOSE = /^<\/(script|style|iframe|object|noscript|textarea|template)\s*>/i;

function inlineText(children: InlineToken[]): string {
  let text = '';
  let href: string | null = null;
  let hidden = 0;
  for (const child of children) {
    if (child.type === 'html_inline') {
      if (HIDDEN_OPEN.test(child.content)) hidden++;
      else if (HIDDEN_CLOSE.test(child.content)) hidden = Math.max(hidden - 1, 0);
    } else if (hidden) continue;
    else if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak') text += ' ';
    else if (child.type === 'hardbreak') text += '\n';
    else if (child.type === 'image') text += child.content;
    else if (child.type === 'link_open') href = String(child.attrGet('href') ?? '');
    else if (child.type === 'link_close') {
      if (href && isSafeLink(href) && !text.endsWith(href)) text += ` (${href})`;
      href = null;
    }
  }
  return text.replace(/[ \t]+/g, ' ').trim();
}

function isSafeLink(href: string): boolean {
  return /^(https?:|mailto:)/i.test(href.trim());
}

/** The document as plain text (for mail text parts and previews): blocks separated by blank lines. */
export function renderPlainText(body: string): string {
  return markdownBlocks(body)
    .map((block) => {
      if (block.type === 'heading') return block.level <= 2 ? `${block.text}\n${(block.level === 1 ? '=' : '-').repeat(Math.min(block.text.length, 72))}` : block.text;
      if (block.type === 'list_item') return `${'  '.repeat(Math.max(block.depth - 1, 0))}${block.marker ? `${block.marker} ` : '  '}${block.text}`;
      if (block.type === 'quote') return `> ${block.text}`;
      return block.text;
    })
    .reduce((text, block, index, all) => (index === 0 ? block : `${text}${/^\s*(•|\d+\.) /.test(block) && /^\s*(•|\d+\.) /.test(all[index - 1]) ? '\n' : '\n\n'}${block}`), '');
}
