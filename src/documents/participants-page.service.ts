import { Injectable } from '@nestjs/common';
import { Views } from '../common/views';
import type { Event } from '../events/event.entity';
import { listedName, SECTION_HEADINGS } from './participants-order';
import { groupHeading, ListedGroup, ParticipantsService } from './participants.service';

/** The sections, groups and people of a list as the page and the console's preview show them. */
export function listView(groups: readonly ListedGroup[]) {
  const sections: { key: string; heading: string; groups: unknown[] }[] = [];
  for (const { group, people } of groups) {
    if (sections[sections.length - 1]?.key !== group.section)
      sections.push({ key: group.section, heading: SECTION_HEADINGS[group.section], groups: [] });
    sections[sections.length - 1].groups.push({
      heading: groupHeading(group),
      people: people.map((person) => ({
        name: listedName(person),
        isHead: person.isHead,
        jobTitle: person.jobTitle,
        organisation: person.organisation && person.organisation !== group.name ? person.organisation : null,
      })),
    });
  }
  return sections;
}

/** The public page of the List of Participants, `/events/:slug/participants` (the pages' own views and layout). */
@Injectable()
export class ParticipantsPageService {
  private readonly views = new Views('pages');

  constructor(private readonly participants: ParticipantsService) {}

  /** 404 unless the event is public and its list published. */
  async page(slug: string): Promise<string> {
    const event: Event = await this.participants.published(slug);
    const groups = await this.participants.collected(await this.participants.plan(event));
    return this.views.render('participants', {
      title: `List of Participants – ${event.title}`,
      event,
      provisional: event.participantsList === 'provisional',
      statusLine: this.participants.statusLine(event),
      sections: listView(groups),
      count: groups.reduce((sum, group) => sum + group.people.length, 0),
    });
  }
}
