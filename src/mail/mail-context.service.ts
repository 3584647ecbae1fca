import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Event } from '../events/event.entity';
import { toMailEventContext } from './mail-event-context';
import type { TemplateOverride } from './mail-renderer';
import { MailTemplateOverride } from './mail-template-override.entity';
import type { MailEventContext } from './mail-templates';

/** What rendering an event's mail needs besides the mail's own data. */
export interface EventMailSetup {
  context: MailEventContext;
  /** The event's overrides by template name. */
  overrides: Map<string, TemplateOverride>;
}

/** Loads events and their template overrides for rendering, a batch of mails at a time. */
@Injectable()
export class MailContextService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get publicUrl(): string {
    return this.config.publicUrl;
  }

  eventContext(event: Event): MailEventContext {
    return toMailEventContext(event, this.config.publicUrl);
  }

  /** Two queries for any number of events. */
  async forEvents(eventIds: string[]): Promise<Map<string, EventMailSetup>> {
    const ids = [...new Set(eventIds)];
    const [events, overrides] = await Promise.all([
      this.dataSource.getRepository(Event).findBy({ id: In(ids) }),
      this.dataSource.getRepository(MailTemplateOverride).findBy({ eventId: In(ids) }),
    ]);
    const setups = new Map(
      events.map((event) => [event.id, { context: this.eventContext(event), overrides: new Map<string, TemplateOverride>() }]),
    );
    for (const override of overrides) setups.get(override.eventId)?.overrides.set(override.name, override);
    return setups;
  }
}
