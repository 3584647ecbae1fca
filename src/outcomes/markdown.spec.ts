import { markdownBlocks, renderMarkdown, renderPlainText } from './markdown';

describe('outcome markdown', () => {
  it('renders headings, lists and safe links to HTML', () => {
    expect(renderMarkdown('## Commitments\n\n1. Map challenges\n2. [Network](https://example.org)\n')).toBe(
      '<h2>Commitments</h2>\n<ol>\n<li>Map challenges</li>\n<li><a href="https://example.org" rel="nofollow noopener">Network</a></li>\n</ol>',
    );
  });

  it.each([
    ['a script block', '<script>\nalert(1)\n</script>\n\nText'],
    ['an inline script', 'Text <script>alert(1)</script>'],
    ['an image with an event handler', 'Text\n\n<img src=x onerror=alert(1)>'],
    ['a javascript: link', 'Text [x](javascript:alert(1))'],
    ['an HTML javascript: link', 'Text <a href="javascript:alert(1)">x</a>'],
    ['an iframe', 'Text <iframe src="https://evil.example"></iframe>'],
  ])('removes %s from HTML and plain text', (_name, body) => {
    for (const output of [renderMarkdown(body), renderPlainText(body)]) {
      for (const forbidden of ['<script', 'alert', 'onerror', 'javascript:', '<img', '<iframe', 'evil'])
        expect(output).not.toContain(forbidden);
      expect(output).toContain('Text');
    }
  });

  it('gives blocks for the PDF: headings with levels, list items with markers, paragraphs', () => {
    expect(markdownBlocks('# Title\n\nSome *text*\nwrapped.\n\n- one\n- two\n\n3. three\n\n> quoted\n')).toEqual([
      { type: 'heading', level: 1, text: 'Title' },
      { type: 'paragraph', text: 'Some text wrapped.' },
      { type: 'list_item', depth: 1, marker: '•', text: 'one' },
      { type: 'list_item', depth: 1, marker: '•', text: 'two' },
      { type: 'list_item', depth: 1, marker: '3.', text: 'three' },
      { type: 'quote', text: 'quoted' },
    ]);
  });

  it('renders plain text with underlined headings and one line per list item', () => {
    expect(renderPlainText('# Outcome\n\nParticipants met.\n\n- one\n- [two](https://example.org)\n')).toBe(
      'Outcome\n=======\n\nParticipants met.\n\n• one\n• two (https://example.org)',
    );
  });
});
