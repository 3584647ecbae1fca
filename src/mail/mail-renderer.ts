import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { mailHelpers } from './mail-helpers';
import { MAIL_TEMPLATE_NAMES, MailContext, MailTemplateName, sampleContext } from './mail-templates';
import { partialLine, unbalancedBlock } from './template-blocks';

export const MAIL_PARTS = ['subject', 'html', 'text'] as const;
export type MailPart = (typeof MAIL_PARTS)[number];
export type RenderedMail = Record<MailPart, string>;
/** An event's own version of some parts of a template; missing or null parts use the default. */
export type TemplateOverride = Partial<Record<MailPart, string | null>>;

type Compiled = Handlebars.TemplateDelegate;

/** A template that does not compile or render, with the part and line at fault. */
export class MailTemplateError extends Error {
  constructor(
    readonly part: MailPart,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${part}${line ? ` (line ${line})` : ''}: ${reason}`);
    this.name = 'MailTemplateError';
  }
}

const SUBJECT_MAX_LENGTH = 250;
const OVERRIDE_CACHE_SIZE = 500;

/**
 * A subject is one header line: control characters (CR and LF above all, which would start a new
 * header) become spaces, runs of white space collapse, and it is cut to a sane length.
 */
export function toSubjectLine(raw: string): string {
  const line = raw
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > SUBJECT_MAX_LENGTH ? `${line.slice(0, SUBJECT_MAX_LENGTH - 1).trimEnd()}…` : line;
}

/** Plain text: no trailing spaces, at most one blank line in a row. */
function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** The directory holding the mail templates, found from here upwards (src/ under ts-jest, dist/src/ when built). */
export function findTemplatesDirectory(start = __dirname): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'templates', 'mail');
    if (existsSync(join(candidate, 'layouts'))) return candidate;
  }
  throw new Error(`No templates/mail directory above ${start}`);
}

/**
 * Renders Plenary's mails with handlebars. Every template is compiled once, in strict mode (a
 * missing value is an error, not an empty string), and kept: the defaults at load, an event's
 * overrides the first time they are used. HTML escapes every value; subject and text are compiled
 * without escaping, and the subject is forced onto one line.
 */
export class MailRenderer {
  private readonly html = Handlebars.create();
  private readonly plain = Handlebars.create();
  private readonly defaults = new Map<MailTemplateName, Record<MailPart, Compiled>>();
  private readonly sources = new Map<MailTemplateName, Record<MailPart, string>>();
  private readonly overrides = new Map<string, Compiled>();
  /** How many templates were compiled: stays put while cached templates are reused. */
  compilations = 0;

  constructor(readonly directory: string = findTemplatesDirectory()) {
    for (const env of [this.html, this.plain]) env.registerHelper(mailHelpers);
    this.registerPartials();
    for (const name of MAIL_TEMPLATE_NAMES) {
      const sources = Object.fromEntries(
        MAIL_PARTS.map((part) => [part, readFileSync(join(directory, `${name}.${part}.hbs`), 'utf8')]),
      ) as Record<MailPart, string>;
      this.sources.set(name, sources);
      this.defaults.set(
        name,
        Object.fromEntries(MAIL_PARTS.map((part) => [part, this.compile(part, sources[part])])) as Record<MailPart, Compiled>,
      );
    }
  }

  /** Renders every default template with its sample data: a broken template stops the start, not a mailing. */
  checkDefaults(): this {
    for (const name of MAIL_TEMPLATE_NAMES) this.render(name, sampleContext(name));
    return this;
  }

  /** The default source of each part of a template. */
  defaultSources(name: MailTemplateName): Record<MailPart, string> {
    return { ...this.sources.get(name)! };
  }

  /** Renders a mail; the override's parts, when given, replace the defaults. */
  render<N extends MailTemplateName>(name: N, context: MailContext<N>, override: TemplateOverride = {}): RenderedMail {
    const rendered = {} as RenderedMail;
    for (const part of MAIL_PARTS) {
      const source = override[part];
      const template = source ? this.cachedOverride(part, source) : this.defaults.get(name)![part];
      rendered[part] = this.run(part, template, context);
    }
    return rendered;
  }

  /** Renders only a mail's subject (e.g. to show a logged mail's subject: its links are not needed). */
  subject<N extends MailTemplateName>(name: N, context: MailContext<N>, override: TemplateOverride = {}): string {
    const source = override.subject;
    return this.run('subject', source ? this.cachedOverride('subject', source) : this.defaults.get(name)!.subject, context);
  }

  /**
   * Checks an override before it is saved: each given part must compile and render with the
   * template's sample data. Throws MailTemplateError naming the part and line.
   */
  validate<N extends MailTemplateName>(name: N, override: TemplateOverride, context: MailContext<N> = sampleContext(name)): RenderedMail {
    for (const part of MAIL_PARTS) {
      const source = override[part];
      if (source) this.parse(part, source);
    }
    let rendered: RenderedMail;
    try {
      rendered = this.render(name, context, override);
    } catch (error) {
      throw error instanceof MailTemplateError ? located(error, override[error.part]) : error;
    }
    if (!rendered.subject) throw new MailTemplateError('subject', null, 'the subject is empty');
    return rendered;
  }

  private run(part: MailPart, template: Compiled, context: object): string {
    let output: string;
    try {
      output = template(context);
    } catch (error) {
      throw templateError(part, error);
    }
    if (part === 'subject') return toSubjectLine(output);
    return part === 'text' ? tidyText(output) : output;
  }

  private cachedOverride(part: MailPart, source: string): Compiled {
    const key = `${part}\u0000${source}`;
    let template = this.overrides.get(key);
    if (!template) {
      this.parse(part, source);
      template = this.compile(part, source);
      if (this.overrides.size >= OVERRIDE_CACHE_SIZE) this.overrides.delete(this.overrides.keys().next().value!);
      this.overrides.set(key, template);
    }
    return template;
  }

  /** handlebars compiles lazily: parsing first reports a syntax error where it is. */
  private parse(part: MailPart, source: string): void {
    try {
      Handlebars.parse(source);
    } catch (error) {
      // handlebars places an unclosed block at the end of the source: name the tag that opened it instead.
      const block = unbalancedBlock(source);
      throw block ? new MailTemplateError(part, block.line, `syntax error: ${block.reason}`) : templateError(part, error);
    }
  }

  private compile(part: MailPart, source: string): Compiled {
    this.compilations++;
    return part === 'html' ? this.html.compile(source, { strict: true }) : this.plain.compile(source, { strict: true, noEscape: true });
  }

  /** layouts/*.hbs and partials/*.hbs, by path without extension: {{#> layouts/html}}, {{> partials/signature.text}}. */
  private registerPartials(): void {
    for (const folder of ['layouts', 'partials']) {
      const dir = join(this.directory, folder);
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).filter((entry) => entry.endsWith('.hbs'))) {
        const name = relative(this.directory, join(dir, file))
          .replace(/\\/g, '/')
          .replace(/\.hbs$/, '');
        const source = readFileSync(join(dir, file), 'utf8');
        this.html.registerPartial(name, this.html.compile(source, { strict: true }));
        this.plain.registerPartial(name, this.plain.compile(source, { strict: true, noEscape: true }));
      }
    }
  }
}

function templateError(part: MailPart, error: unknown): MailTemplateError {
  const raw = error instanceof Error ? error.message : String(error);
  const lineNumber = (error as { lineNumber?: number }).lineNumber ?? Number(/^Parse error on line (\d+)/.exec(raw)?.[1]);
  const line = Number.isInteger(lineNumber) && lineNumber > 0 ? lineNumber : null;
  return new MailTemplateError(part, line, describeTemplateError(raw));
}

/** A partial that does not exist has no line in handlebars' error: the line of the source that uses it. */
function located(error: MailTemplateError, source: string | null | undefined): MailTemplateError {
  const partial = /^The partial (\S+) could not be found/.exec(error.reason);
  if (error.line !== null || !partial || !source) return error;
  return new MailTemplateError(error.part, partialLine(source, partial[1]), `there is no partial named "${partial[1]}"`);
}

/** handlebars' messages, made readable: a syntax error keeps its "Expecting … got …" line, a missing value reads as such. */
function describeTemplateError(raw: string): string {
  if (raw.startsWith('Parse error')) {
    const lines = raw.split('\n');
    const near = lines[1]?.trim();
    return `syntax error${near ? ` near "${near.slice(-60)}"` : ''}: ${(lines[lines.length - 1] ?? '').slice(-160)}`;
  }
  const missing = /^"([^"]+)" not defined/.exec(raw);
  if (missing) return `"${missing[1]}" is not defined (no such value or helper)`;
  return raw.replace(/ - \d+:\d+$/, '');
}
