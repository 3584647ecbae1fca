import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { isUuid } from '../common/uuid';
import { EventSeries } from './event-series.entity';
import { EventsService } from './events.service';
import { CreateSeriesDto, SeriesResponse } from './series.dto';

/** Series of events that follow each other. */
@Injectable()
export class SeriesService {
  constructor(
    @InjectRepository(EventSeries) private readonly series: Repository<EventSeries>,
    private readonly events: EventsService,
  ) {}

  /** A new series, owned by its creator's team (see EventsService.checkMayJoinSeries). */
  async create(dto: CreateSeriesDto, creator: AuthenticatedUser): Promise<SeriesResponse> {
    const series = await this.series.save(this.series.create({ name: dto.name, createdById: creator.id }));
    return { id: series.id, name: series.name, events: [] };
  }

  /** A series with the events this caller may see, in order. */
  async get(id: string, user: AuthenticatedUser | undefined): Promise<SeriesResponse> {
    const series = isUuid(id) ? await this.series.findOneBy({ id }) : null;
    if (!series) throw ApiError.notFound('Series');
    return { id: series.id, name: series.name, events: await this.events.listInSeries(series.id, user) };
  }
}
