import Handlebars from 'handlebars';
import { unbalancedBlock } from '../mail/template-blocks';

/** What a letter's body can say, with an example of each (the preview's and the check's sample data). */
export const LETTER_PLACEHOLDERS = {
  fullName: 'H.E. Ms Amina Rahman',
  honorific: 'H.E. Ms',
  givenName: 'Amina',
  familyName: 'Rahman',
  nationality: 'Pakistan',
  jobTitle: 'Director General',
  organisation: 'Ministry of Interior',
  passportNumber: 'AB1234567',
  passportIssuingCountry: 'Pakistan',
  passportExpiry: '30 June 2030',
  dateOfBirth: '1 January 1980',
  eventTitle: 'International Conference on Countering the Smuggling of Migrants',
  eventDates: '26–27 November 2025',
  city: 'Islamabad',
  venue: 'Jinnah Convention Centre',
  reference: 'ISL25-7KQ4-M9XD-2HCT',
} as const;

export type LetterContext = Record<keyof typeof LETTER_PLACEHOLDERS, string>;

/** The body an event starts from. */
export const DEFAULT_LETTER_BODY = `To the Embassy or Consulate concerned,

We are pleased to confirm that {{fullName}}, a national of {{nationality}}, holder of passport number {{passportNumber}}, is accredited to attend the {{eventTitle}}, to be held in {{city}} on {{eventDates}}.

We would be grateful for any assistance you may extend to {{fullName}} in obtaining an entry visa for the duration of the event.

The organisers will cover the participant's accommodation during the event. This letter does not commit the organisers to any other expense.`;

export class LetterTemplateProblem extends Error {
  constructor(
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(line ? `line ${line}: ${reason}` : reason);
  }
}

// A handlebars of its own: no partials and no helpers beyond handlebars' own (if, unless, each, with).
const handlebars = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/**
 * The body with the person's values in it, as plain text (a PDF, not HTML: nothing to escape there; the
 * console's preview escapes it as any text). Compiled strict, so an unknown placeholder is an error rather
 * than a blank in a letter sent to an embassy. Throws LetterTemplateProblem with the line.
 */
export function renderLetterBody(source: string, context: LetterContext): string {
  let template = compiled.get(source);
  if (!template) {
    try {
      Handlebars.parse(source);
    } catch (error) {
      const block = unbalancedBlock(source);
      throw block ? new LetterTemplateProblem(block.line, `syntax error: ${block.reason}`) : problemOf(error);
    }
    template = handlebars.compile(source, { strict: true, noEscape: true, knownHelpersOnly: false });
    if (compiled.size > 200) compiled.delete(compiled.keys().next().value!);
    compiled.set(source, template);
  }
  try {
    return template(context).replace(/\r\n?/g, '\n').trim();
  } catch (error) {
    throw problemOf(error);
  }
}

/** Renders the body with the sample values: what saving a template checks. */
export function checkLetterBody(source: string): string {
  return renderLetterBody(source, { ...LETTER_PLACEHOLDERS });
}

function problemOf(error: unknown): LetterTemplateProblem {
  const raw = error instanceof Error ? error.message : String(error);
  const lineNumber = (error as { lineNumber?: number }).lineNumber ?? Number(/^Parse error on line (\d+)/.exec(raw)?.[1]);
  const line = Number.isInteger(lineNumber) && lineNumber > 0 ? lineNumber : null;
  if (raw.startsWith('Parse error')) {
    const near = raw.split('\n')[1]?.trim();
    return new LetterTemplateProblem(line, `syntax error${near ? ` near "${near.slice(-60)}"` : ''}`);
  }
  const missing = /^"([^"]+)" not defined/.exec(raw);
  if (missing)
    return new LetterTemplateProblem(
      line,
      `{{${missing[1]}}} is not a placeholder; use one of ${Object.keys(LETTER_PLACEHOLDERS)
        .map((name) => `{{${name}}}`)
        .join(', ')}`,
    );
  return new LetterTemplateProblem(line, raw.replace(/ - \d+:\d+$/, ''));
}
