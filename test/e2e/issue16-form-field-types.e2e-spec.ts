import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';

const DIETARY = { key: 'dietary', label: 'Dietary requirements', type: 'select', required: true, options: ['None', 'Halal'] };
const NOTES = { key: 'notes', label: 'Notes', type: 'text', required: false };

/** Issue 16: a question registrants have answered keeps its type, through the API as through the console. */
describe('Issue 16: the type of an answered form field', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0' });
  let organiser: TestUser;
  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  const savedForm = async (eventId: string) =>
    (await ctx.db.query('SELECT fields FROM registration_form WHERE event_id = $1', [eventId])).rows[0]?.fields;

  it('refuses to change the type of an answered field (409 naming fields.N.type), keeps the form, and allows every other change', async () => {
    const event = await createPublishedEvent(organiser.api);
    const put = (fields: unknown[]) => organiser.api.put(`/events/${event.id}/registration-form`, { fields });
    expectStatus(await put([DIETARY, NOTES]), 200, 'saving the form');
    expectStatus(
      await ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ answers: { dietary: 'Halal' } })),
      201,
      'registering with an answer',
    );
    const before = await savedForm(event.id);

    // Moved to second place and made a text field: the detail names its new position.
    const refused = await put([NOTES, { ...DIETARY, type: 'text', options: undefined }]);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('FIELD_HAS_ANSWERS');
    expect(refused.body.details).toEqual([
      { field: 'fields.1.type', message: 'cannot change from select to text: registrants have answered this question already' },
    ]);
    expect(await savedForm(event.id)).toEqual(before);

    // A field nobody answered may change type; the answered one may change all but its type.
    const changed = await put([
      { ...DIETARY, label: 'Meals', required: false, options: ['None', 'Halal', 'Vegetarian'] },
      { ...NOTES, type: 'date' },
    ]);
    expect(changed.status).toBe(200);
    expect(changed.body.fields.map((field: { type: string }) => field.type)).toEqual(['select', 'date']);
    // Removing the answered field is allowed too (its answers stay with the registrations).
    expectStatus(await put([{ ...NOTES, type: 'date' }]), 200, 'removing the answered field');
  });
});
