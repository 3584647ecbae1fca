import { markdownBlocks, markdownExcerpt, renderPlainText, styleForMail } from './markdown';

describe('outcome markdown for mail', () => {
  it('gives a table as rows, in blocks and plain text', () => {
    expect(markdownBlocks('| Col | Val |\n| --- | --- |\n| a | |\n')).toEqual([
      { type: 'table_row', header: true, cells: ['Col', 'Val'], text: 'Col | Val' },
      { type: 'table_row', header: false, cells: ['a', ''], text: 'a | ' },
    ]);
    expect(renderPlainText('Before.\n\n| Col | Val |\n| --- | --- |\n| a | b |\n\nAfter.')).toBe('Before.\n\nCol | Val\na | b\n\nAfter.');
  });

  it('takes whole blocks up to the length, at least one, rendered as the page renders them', () => {
    const body =
      '# Title\n\nFirst paragraph with a [link][ref].\n\n<script>alert(1)</script> stray\n\nSecond paragraph.\n\n[ref]: https://example.org';
    expect(markdownExcerpt(body)).toEqual({
      html: '<h1>Title</h1>\n<p>First paragraph with a <a href="https://example.org" rel="nofollow noopener">link</a>.</p>\n<p>Second paragraph.</p>',
      text: 'Title\n=====\n\nFirst paragraph with a link (https://example.org).\n\nSecond paragraph.',
      complete: true,
    });
    expect(markdownExcerpt('One.\n\nTwo.\n\nThree.', 10)).toEqual({
      html: '<p>One.</p>\n<p>Two.</p>',
      text: 'One.\n\nTwo.',
      complete: false,
    });
    expect(markdownExcerpt('A first paragraph.', 10)).toMatchObject({ text: 'A first paragraph.', complete: true }); // longer than 10, but whole
  });

  it('cuts a first block far longer than the limit at a word, escaped', () => {
    const excerpt = markdownExcerpt(`<b>${'word '.repeat(1000)}</b>`, 100);
    expect(excerpt.complete).toBe(false);
    expect(excerpt.text.length).toBeLessThanOrEqual(101);
    expect(excerpt.text).toMatch(/word…$/);
    expect(excerpt.html).toBe(`<p>${excerpt.text}</p>`);
    expect(markdownExcerpt(`${'<&> '.repeat(100)}`, 20).html).toMatch(/^<p>(&lt;&amp;&gt; )+&lt;&amp;&gt;…<\/p>$/);
  });

  it('styles tables and headings inline for mail, and sanitises again', () => {
    const html = styleForMail(
      '<h2>Part</h2><table><tr><td style="text-align:right" onclick="x">a</td></tr></table><p><a href="javascript:alert(1)">x</a></p><script>alert(1)</script>',
    );
    expect(html).toContain('<h2 style="font-size:18px;line-height:1.3;margin:16px 0 8px 0">Part</h2>');
    expect(html).toContain('<td style="border:1px solid #d1d5db;padding:4px 8px;vertical-align:top;text-align:right">a</td>');
    expect(html).toContain('<table style="border-collapse:collapse;margin:0 0 16px 0">');
    for (const forbidden of ['onclick', 'javascript', '<script', 'alert']) expect(html).not.toContain(forbidden);
  });
});
