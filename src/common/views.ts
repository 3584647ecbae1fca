import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TEMPLATES = join(__dirname, '..', '..', '..', 'templates');

/**
 * Server-rendered handlebars views of one folder of templates/ (`pages`, `console`): a layout
 * (`layouts/main.hbs`), partials, one view per screen. `{{ }}` escapes all user text; `{{{body}}}` in the
 * layout is the only unescaped output, and it is the rendered view.
 */
export class Views {
  private readonly handlebars = Handlebars.create();
  private readonly views = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;

  constructor(private readonly folder: 'pages' | 'console') {
    const root = join(TEMPLATES, folder);
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    // `(or a b)`: the first truthy argument (the last argument is Handlebars' options object).
    this.handlebars.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find(Boolean) ?? false);
    for (const file of readdirSync(join(root, 'partials'))) {
      this.handlebars.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(root, 'partials', file), 'utf8'));
    }
    for (const file of readdirSync(root).filter((name) => name.endsWith('.hbs'))) {
      this.views.set(file.replace(/\.hbs$/, ''), this.handlebars.compile(readFileSync(join(root, file), 'utf8')));
    }
    this.layout = this.handlebars.compile(readFileSync(join(root, 'layouts', 'main.hbs'), 'utf8'));
  }

  render(view: string, data: { title: string } & Record<string, unknown>): string {
    const template = this.views.get(view);
    if (!template) throw new Error(`No ${this.folder} view ${view}`);
    return this.layout({ ...data, body: template(data) });
  }

  /** The names of the files in the folder's `assets/`. */
  assetFiles(): string[] {
    return readdirSync(join(TEMPLATES, this.folder, 'assets'));
  }

  /** A file of the folder's `assets/` (read once, at start-up). */
  asset(name: string): string {
    return readFileSync(join(TEMPLATES, this.folder, 'assets', name), 'utf8');
  }
}
