import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { Event } from '../events/event.entity';
import { MailContextService } from './mail-context.service';
import { MAIL_PARTS, MailPart, MailRenderer, MailTemplateError, RenderedMail, TemplateOverride } from './mail-renderer';
import { MailTemplateOverride } from './mail-template-override.entity';
import {
  MailTemplateResponse,
  MailTemplateSummary,
  overriddenParts,
  PreviewMailTemplateDto,
  PutMailTemplateDto,
} from './mail-template.dto';
import {
  EVENT_MAIL_TEMPLATE_NAMES,
  isAccountMailTemplate,
  isMailTemplateName,
  MAIL_TEMPLATES,
  MailContext,
  MailTemplateName,
  sampleContext,
} from './mail-templates';

/** An event's view of the mail templates: defaults, its overrides (checked before they are saved), previews. */
@Injectable()
export class MailTemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly renderer: MailRenderer,
    private readonly contexts: MailContextService,
  ) {}

  async list(eventId: string): Promise<MailTemplateSummary[]> {
    const overrides = new Map((await this.overrides().findBy({ eventId })).map((override) => [override.name, override]));
    return EVENT_MAIL_TEMPLATE_NAMES.map((name) => summary(name, overrides.get(name) ?? null));
  }

  async get(eventId: string, name: string): Promise<MailTemplateResponse> {
    const template = templateName(name);
    return this.detail(template, await this.overrides().findOneBy({ eventId, name: template }));
  }

  /** Saves the event's version of the template after rendering it with sample data; a broken one is a 400 naming the part and line. */
  async put(eventId: string, name: string, dto: PutMailTemplateDto, user: AuthenticatedUser): Promise<MailTemplateResponse> {
    const template = templateName(name);
    const defaults = this.renderer.defaultSources(template);
    const override = Object.fromEntries(MAIL_PARTS.map((part) => [part, ownPart(dto[part], defaults[part])])) as Record<
      MailPart,
      string | null
    >;
    const sample = sampleContext(template, ...(await this.eventOf(eventId)));
    this.check(() => this.renderer.validate(template, override, sample));
    const repository = this.overrides();
    if (MAIL_PARTS.every((part) => !override[part])) {
      await repository.delete({ eventId, name: template });
      return this.detail(template, null);
    }
    await repository.upsert({ eventId, name: template, ...override, updatedById: user.id }, { conflictPaths: ['eventId', 'name'] });
    return this.detail(template, await repository.findOneBy({ eventId, name: template }));
  }

  /** Deletes the event's override of the template: its mail uses the default again. */
  async revert(eventId: string, name: string): Promise<MailTemplateResponse> {
    const template = templateName(name);
    await this.overrides().delete({ eventId, name: template });
    return this.detail(template, null);
  }

  /** Renders the template as this event would send it, with draft parts and data if given. */
  async preview(eventId: string, name: string, dto: PreviewMailTemplateDto): Promise<RenderedMail> {
    const template = templateName(name);
    const stored = await this.overrides().findOneBy({ eventId, name: template });
    const override: TemplateOverride = Object.fromEntries(
      MAIL_PARTS.map((part) => [part, dto[part]?.replace(/\r\n?/g, '\n') ?? stored?.[part] ?? null]),
    );
    const [event, publicUrl] = await this.eventOf(eventId);
    const context: MailContext = { ...sampleContext(template, event, publicUrl), ...(dto.data ?? {}), event, publicUrl };
    return this.check(() => this.renderer.validate(template, override, context));
  }

  private async eventOf(eventId: string): Promise<[MailContext['event'], string]> {
    const event = await this.dataSource.getRepository(Event).findOneByOrFail({ id: eventId });
    return [this.contexts.eventContext(event), this.contexts.publicUrl];
  }

  private detail(name: MailTemplateName, override: MailTemplateOverride | null): MailTemplateResponse {
    const defaults = this.renderer.defaultSources(name);
    return {
      ...summary(name, override),
      subject: override?.subject ?? defaults.subject,
      html: override?.html ?? defaults.html,
      text: override?.text ?? defaults.text,
      sampleData: MAIL_TEMPLATES[name].sample,
    };
  }

  private check<T>(render: () => T): T {
    try {
      return render();
    } catch (error) {
      if (!(error instanceof MailTemplateError)) throw error;
      const where = error.line ? `line ${error.line}: ` : '';
      throw new ApiError('TEMPLATE_INVALID', `The ${error.part} template does not render: ${where}${error.reason}`, {
        details: [{ field: error.part, message: `${where}${error.reason}` }],
        line: error.line,
      });
    }
  }

  private overrides() {
    return this.dataSource.getRepository(MailTemplateOverride);
  }
}

function templateName(name: string): MailTemplateName {
  // Mail about an account (a password reset) is not an event's to change.
  if (!isMailTemplateName(name) || isAccountMailTemplate(name)) throw ApiError.notFound(`Mail template ${name}`);
  return name;
}

/** Line breaks as LF (a browser posts a textarea with CRLF); the default itself, ignoring white space at the ends, is no override. */
function ownPart(source: string | null | undefined, fallback: string): string | null {
  if (source === null || source === undefined) return null;
  const lines = source.replace(/\r\n?/g, '\n');
  return lines.trim() === fallback.replace(/\r\n?/g, '\n').trim() ? null : lines;
}

function summary(name: MailTemplateName, override: MailTemplateOverride | null): MailTemplateSummary {
  return {
    name,
    description: MAIL_TEMPLATES[name].description,
    overridden: overriddenParts(override),
    updatedAt: override?.updatedAt.toISOString() ?? null,
  };
}
