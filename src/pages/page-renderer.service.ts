import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TEMPLATES = join(__dirname, '..', '..', '..', 'templates', 'pages');

/** The public pages' handlebars views: one layout, partials, a view per page. `{{ }}` escapes all user text. */
@Injectable()
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly views = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;
  readonly css = readFileSync(join(TEMPLATES, 'assets', 'plenary.css'), 'utf8');

  constructor() {
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    for (const file of readdirSync(join(TEMPLATES, 'partials'))) {
      this.handlebars.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(TEMPLATES, 'partials', file), 'utf8'));
    }
    for (const file of readdirSync(TEMPLATES).filter((name) => name.endsWith('.hbs'))) {
      this.views.set(file.replace(/\.hbs$/, ''), this.handlebars.compile(readFileSync(join(TEMPLATES, file), 'utf8')));
    }
    this.layout = this.handlebars.compile(readFileSync(join(TEMPLATES, 'layouts', 'main.hbs'), 'utf8'));
  }

  render(view: string, data: { title: string } & Record<string, unknown>): string {
    const template = this.views.get(view);
    if (!template) throw new Error(`No page view ${view}`);
    return this.layout({ ...data, body: template(data) });
  }
}
