import { MailRenderer, MailTemplateError } from './mail-renderer';
import { partialLine, unbalancedBlock } from './template-blocks';

describe('finding the tag at fault in a template', () => {
  it('names the line of a block that is never closed, the innermost first', () => {
    expect(unbalancedBlock('<p>Hello</p>\n{{#if recipient.givenName}}\n<p>Hi</p>\n')).toEqual({
      line: 2,
      reason: 'the {{#if}} block is never closed (no {{/if}})',
    });
    expect(unbalancedBlock('{{#each items}}\n{{#if a}}x{{/if}}\n{{#unless b}}\ny')?.line).toBe(3);
    expect(unbalancedBlock('{{#> layouts/html}}\n<p>x</p>')).toEqual({
      line: 1,
      reason: 'the {{#layouts/html}} block is never closed (no {{/layouts/html}})',
    });
  });

  it('names a closing tag that does not match, and one that closes nothing', () => {
    expect(unbalancedBlock('{{#if a}}\nx\n{{/each}}')).toEqual({
      line: 3,
      reason: '{{/each}} does not close the {{#if}} block opened on line 1',
    });
    expect(unbalancedBlock('a\n{{/if}}')).toEqual({ line: 2, reason: '{{/if}} closes a block that was never opened' });
  });

  it('finds nothing wrong in balanced sources, whitespace control, else chains and comments', () => {
    expect(unbalancedBlock('{{~#if a~}}x{{else if b}}y{{else}}z{{~/if~}}')).toBeNull();
    expect(unbalancedBlock('{{#each xs}}{{this}}{{else}}none{{/each}} {{!-- {{#if}} --}} {{! {{#each}} }}')).toBeNull();
    expect(unbalancedBlock('{{#*inline "x"}}y{{/inline}}{{#> layouts/text}}t{{/layouts/text}}')).toBeNull();
  });

  it('finds the line that uses a partial', () => {
    expect(partialLine('a\nb {{> partials/sig.html}}\n{{> nope}}', 'nope')).toBe(3);
    expect(partialLine('{{#> missing}}x{{/missing}}', 'missing')).toBe(1);
    expect(partialLine('nothing here', 'nope')).toBeNull();
  });
});

describe('MailRenderer.validate names the part and the line of what an organiser must fix', () => {
  const renderer = new MailRenderer();
  const failure = (override: Record<string, string>): MailTemplateError => {
    try {
      renderer.validate('invitation', override);
    } catch (error) {
      if (error instanceof MailTemplateError) return error;
      throw error;
    }
    throw new Error('expected a MailTemplateError');
  };

  it('an unclosed {{#if}}: the line that opened it, not the end of the part', () => {
    const error = failure({ html: '<p>Dear colleague,</p>\n{{#if recipient.givenName}}\n<p>Hello</p>\n<p>Bye</p>' });
    expect(error).toMatchObject({ part: 'html', line: 2 });
    expect(error.reason).toBe('syntax error: the {{#if}} block is never closed (no {{/if}})');
  });

  it('an unknown partial and an unknown helper, with their lines', () => {
    expect(failure({ text: 'Hello\n\n{{> partials/nope}}' })).toMatchObject({
      part: 'text',
      line: 3,
      reason: 'there is no partial named "partials/nope"',
    });
    expect(failure({ html: '<p>a</p>\n<p>{{shout recipient}}</p>' })).toMatchObject({
      part: 'html',
      line: 2,
      reason: '"shout" is not defined (no such value or helper)',
    });
  });

  it('other syntax errors keep handlebars’ own line', () => {
    expect(failure({ subject: 'Invitation {{event.title' })).toMatchObject({ part: 'subject', line: 1 });
  });
});
