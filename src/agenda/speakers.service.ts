import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { assignDefined } from '../common/assign-defined';
import { ApiError } from '../common/errors/api-error';
import { isUuid } from '../common/uuid';
import { EventsService } from '../events/events.service';
import { CreateSpeakerDto, SpeakerResponse, toSpeakerResponse, UpdateSpeakerDto } from './speaker.dto';
import { Speaker } from './speaker.entity';

/** The people who speak at an event, with their protocol rank (organisers only: speakers' emails are private). */
@Injectable()
export class SpeakersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
  ) {}

  async create(eventId: string, dto: CreateSpeakerDto): Promise<SpeakerResponse> {
    return this.events.change(eventId, async (manager) => {
      const speaker = manager.create(Speaker, {
        eventId,
        honorific: null,
        position: null,
        organisation: null,
        bio: null,
        email: null,
        precedence: null,
      });
      assignDefined(speaker, dto);
      return toSpeakerResponse(await manager.save(speaker));
    });
  }

  /** By precedence (none last), then name. */
  async list(eventId: string): Promise<SpeakerResponse[]> {
    const speakers = await this.dataSource
      .getRepository(Speaker)
      .createQueryBuilder('speaker')
      .where('speaker.eventId = :eventId', { eventId })
      .orderBy('speaker.precedence', 'ASC', 'NULLS LAST')
      .addOrderBy('speaker.fullName', 'ASC')
      .getMany();
    return speakers.map(toSpeakerResponse);
  }

  /** A speaker of this event; 404 if the event has no such speaker. */
  async inEvent(eventId: string, speakerId: string): Promise<SpeakerResponse> {
    const speaker = isUuid(speakerId) ? await this.dataSource.getRepository(Speaker).findOneBy({ id: speakerId, eventId }) : null;
    if (!speaker) throw ApiError.notFound('Speaker');
    return toSpeakerResponse(speaker);
  }

  /** The route checked the caller organises the speaker's event, before this locks the event. */
  async update({ id, eventId }: AuthorisedTarget, dto: UpdateSpeakerDto): Promise<SpeakerResponse> {
    return this.events.change(eventId, async (manager) => {
      const speaker = await manager.findOneBy(Speaker, { id });
      if (!speaker) throw ApiError.notFound('Speaker');
      assignDefined(speaker, dto);
      return toSpeakerResponse(await manager.save(speaker));
    });
  }

  /** Removes the speaker and their bookings. */
  async remove({ id, eventId }: AuthorisedTarget): Promise<void> {
    await this.events.change(eventId, async (manager) => {
      await manager.delete(Speaker, { id });
    });
  }
}
