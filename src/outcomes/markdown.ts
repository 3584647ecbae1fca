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
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    's',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
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
  | { type: 'code'; text: string }
  /** A row of a table: its cells, and `text` the cells joined by " | " for layouts without tables. */
  | { type: 'table_row'; header: boolean; cells: string[]; text: string };

/**
 * The document as plain blocks (headings, paragraphs, list items with their markers, quotes, code) for
 * layouts that are not HTML: the PDF and the text part of mail. Raw HTML is dropped; links keep their text
 * and, when safe, their address in brackets.
 */
export function markdownBlocks(body: string): MarkdownBlock[] {
  return blocksOf(markdown.parse(body, {}));
}

function blocksOf(tokens: MarkdownIt.Token[]): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let row: { header: boolean; cells: string[] } | null = null;
  let inHead = false;
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
      case 'thead_open':
        inHead = true;
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open':
        row = { header: inHead, cells: [] };
        break;
      case 'tr_close':
        if (row) blocks.push({ type: 'table_row', header: row.header, cells: row.cells, text: row.cells.join(' | ') });
        row = null;
        break;
      case 'fence':
      case 'code_block':
        blocks.push({ type: 'code', text: token.content.replace(/\n$/, '') });
        break;
      case 'inline': {
        const text = inlineText(token.children ?? []);
        if (row) {
          row.cells.push(text);
          break;
        }
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
  return plainText(markdownBlocks(body));
}

/** Blocks as plain text: list items and table rows one a line, other blocks separated by blank lines. */
function plainText(blocks: MarkdownBlock[]): string {
  const lines = blocks.map((block) => {
    if (block.type === 'heading')
      return block.level <= 2 ? `${block.text}\n${(block.level === 1 ? '=' : '-').repeat(Math.min(block.text.length, 72))}` : block.text;
    if (block.type === 'list_item')
      return `${'  '.repeat(Math.max(block.depth - 1, 0))}${block.marker ? `${block.marker} ` : '  '}${block.text}`;
    if (block.type === 'quote') return `> ${block.text}`;
    return block.text;
  });
  const together = (a: MarkdownBlock, b: MarkdownBlock) =>
    (a.type === 'list_item' && b.type === 'list_item' && !!a.marker && !!b.marker) || (a.type === 'table_row' && b.type === 'table_row');
  return lines.reduce(
    (text, line, index) => (index === 0 ? line : `${text}${together(blocks[index - 1], blocks[index]) ? '\n' : '\n\n'}${line}`),
    '',
  );
}

/** The opening of a document for a mail: whole blocks, rendered and sanitised as renderMarkdown does, and as plain text. */
export interface MarkdownExcerpt {
  html: string;
  text: string;
  /** False when the document goes on after the excerpt. */
  complete: boolean;
}

/**
 * The document's first top-level blocks (paragraphs, headings, lists, tables, quotes) whose plain text fits
 * in `maxLength` characters (at least the first block), as sanitised HTML (the same rendering as the page,
 * link references included, raw HTML blocks left out) and as plain text. A first block longer than twice `maxLength` is cut at a
 * word and given as a plain paragraph, so a mail's size stays bounded whatever the document.
 */
export function markdownExcerpt(body: string, maxLength = 1500): MarkdownExcerpt {
  const env = {};
  const tokens = markdown.parse(body, env);
  const ends: number[] = [];
  tokens.forEach((token, index) => {
    if (token.level === 0 && token.nesting <= 0) ends.push(index + 1);
  });
  let end = 0;
  let length = 0;
  for (const blockEnd of ends) {
    const added = plainText(blocksOf(tokens.slice(end, blockEnd))).length;
    if (end > 0 && length + added > maxLength) break;
    length += added;
    end = blockEnd;
  }
  const complete = end === tokens.length;
  const text = plainText(blocksOf(tokens.slice(0, end)));
  if (length > 2 * maxLength) {
    const cut = `${text.slice(0, maxLength).replace(/\s+\S*$/, '')}…`;
    return { html: `<p>${escapeHtml(cut)}</p>`, text: cut, complete: false };
  }
  // Raw HTML blocks are left out whole, as in the plain text (the sanitiser would keep their stray text).
  const shown = tokens.slice(0, end).filter((token) => token.type !== 'html_block');
  return { html: sanitizeHtml(markdown.renderer.render(shown, markdown.options, env), SAFE_HTML).trim(), text, complete };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);

const MAIL_TABLE_STYLE = 'border-collapse:collapse;margin:0 0 16px 0';
const MAIL_CELL_STYLE = 'border:1px solid #d1d5db;padding:4px 8px;vertical-align:top';
/** Headings of the document stay below the mail's own title (the event, 22px). */
const MAIL_HEADING_SIZES: Record<string, number> = { h1: 20, h2: 18, h3: 16, h4: 16, h5: 16, h6: 16 };
const headingStyle = (size: number) => `font-size:${size}px;line-height:1.3;margin:16px 0 8px 0`;

/**
 * Sanitised HTML (from renderMarkdown or markdownExcerpt) made ready for a mail, where no stylesheet
 * applies: tables get inline borders, headings sizes below the mail's title. Sanitised again on the way, so nothing unsafe gets in here either.
 */
export function styleForMail(html: string): string {
  const styled = (extra: string) => (tagName: string, attribs: sanitizeHtml.Attributes) => ({
    tagName,
    attribs: { ...attribs, style: [extra, attribs.style].filter(Boolean).join(';') },
  });
  return sanitizeHtml(html, {
    ...SAFE_HTML,
    allowedAttributes: {
      ...SAFE_HTML.allowedAttributes,
      table: ['style'],
      ...Object.fromEntries(Object.keys(MAIL_HEADING_SIZES).map((tag) => [tag, ['style']])),
    },
    allowedStyles: {
      '*': { 'text-align': [/^(left|right|center)$/] },
      ...Object.fromEntries(
        Object.keys(MAIL_HEADING_SIZES).map((tag) => [
          tag,
          { 'font-size': [/^\d+px$/], 'line-height': [/^[\d.]+$/], margin: [/^[\d\s px]+$/] },
        ]),
      ),
      table: { 'border-collapse': [/^collapse$/], margin: [/^[\d\s px]+$/] },
      th: { border: [/^[\w\s#]+$/], padding: [/^[\d\s px]+$/], 'vertical-align': [/^top$/] },
      td: { border: [/^[\w\s#]+$/], padding: [/^[\d\s px]+$/], 'vertical-align': [/^top$/] },
    },
    transformTags: {
      ...SAFE_HTML.transformTags,
      table: styled(MAIL_TABLE_STYLE),
      th: styled(MAIL_CELL_STYLE),
      td: styled(MAIL_CELL_STYLE),
      ...Object.fromEntries(Object.entries(MAIL_HEADING_SIZES).map(([tag, size]) => [tag, styled(headingStyle(size))])),
    },
  }).trim();
}
