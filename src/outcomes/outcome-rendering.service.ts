import { Injectable } from '@nestjs/common';
import { MarkdownBlock, markdownBlocks, renderMarkdown, renderPlainText } from './markdown';

/**
 * Markdown of outcome documents for other features (public pages, mail): sanitised HTML, plain text, or
 * blocks for custom layouts. No raw HTML, script, event handler or javascript: link survives any of them.
 */
@Injectable()
export class OutcomeRenderingService {
  /** Safe HTML to embed in a page or a mail's html part. */
  renderMarkdown(body: string): string {
    return renderMarkdown(body);
  }

  /** Plain text for a mail's text part or a preview. */
  renderText(body: string): string {
    return renderPlainText(body);
  }

  blocks(body: string): MarkdownBlock[] {
    return markdownBlocks(body);
  }
}
