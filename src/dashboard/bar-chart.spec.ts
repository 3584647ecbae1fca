import { escapeXml, labelledIndexes, MAX_AXIS_LABELS, niceMaximum, renderBarChart } from './bar-chart';
import { fillDays, perDayChart } from './per-day';

const textsOf = (svg: string, group: string) =>
  [...new RegExp(`<g class="${group}">(.*?)</g>`).exec(svg)![1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
const heightsOf = (svg: string) => [...svg.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((match) => Number(match[1]));

describe('renderBarChart', () => {
  it('escapes every label, the title and the description as XML', () => {
    const { svg, table } = renderBarChart([{ label: '<script>alert(1)</script>', value: 3, longLabel: 'Tom & Jerry "quoted"' }], {
      title: 'R&D <b>',
      description: 'x < y & z',
      labelHeader: 'Day & night',
      valueHeader: "People's count",
    });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('<title id="bar-chart-title">R&amp;D &lt;b&gt;</title>');
    expect(svg).toContain('<desc id="bar-chart-desc">x &lt; y &amp; z</desc>');
    expect(svg).toContain('Tom &amp; Jerry &quot;quoted&quot;: 3');
    expect(svg).toContain('Day &amp; night');
    expect(svg).toContain('People&apos;s count');
    // Every "&" in the document starts an entity.
    expect(svg.match(/&(?!(amp|lt|gt|quot|apos);)/g)).toBeNull();
    // The table model holds the plain text: the page's template escapes it.
    expect(table).toEqual({
      caption: 'R&D <b>',
      headers: ['Day & night', "People's count"],
      rows: [{ label: 'Tom & Jerry "quoted"', value: 3 }],
    });
    expect(escapeXml(`<a href='x'>&</a>`)).toBe('&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;');
  });

  it('is an image named by its title and description, scaled to its container', () => {
    const { svg } = renderBarChart([{ label: 'a', value: 1 }], { title: 'Registrations per day', id: 'chart-1' });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toMatch(/^<svg [^>]*aria-labelledby="chart-1-title chart-1-desc"/);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 400 240"/);
    expect(svg).toMatch(/^<svg [^>]*width="100%"/);
    expect(svg).not.toMatch(/^<svg [^>]*height=/);
    expect(svg).toContain('<title id="chart-1-title">Registrations per day</title>');
    expect(svg).toMatch(/<desc id="chart-1-desc">[^<]+<\/desc>/);
  });

  it('draws zero values as empty bars on an axis from 0 to 1, and says so', () => {
    const { svg, table } = renderBarChart(
      [
        { label: 'Mon', value: 0 },
        { label: 'Tue', value: 0 },
      ],
      { title: 'Quiet', valueHeader: 'Registrations' },
    );
    expect(heightsOf(svg)).toEqual([0, 0]);
    expect(textsOf(svg, 'grid')).toEqual(['0', '1']);
    expect(svg).toContain('every value is 0');
    expect(svg).not.toContain('NaN');
    expect(table.rows).toEqual([
      { label: 'Mon', value: 0 },
      { label: 'Tue', value: 0 },
    ]);
  });

  it('scales bars to the highest value and labels the value axis', () => {
    const { svg } = renderBarChart(
      [
        { label: 'a', value: 40 },
        { label: 'b', value: 80 },
        { label: 'c', value: 0 },
      ],
      { title: 't', valueHeader: 'Registrations', labelHeader: 'Day' },
    );
    const [a, b, c] = heightsOf(svg);
    expect(b).toBeCloseTo(2 * a, 1);
    expect(c).toBe(0);
    expect(textsOf(svg, 'grid')).toEqual(['0', '50', '100']);
    expect(textsOf(svg, 'labels')).toEqual(['a', 'b', 'c']);
    expect(svg).toContain('>Registrations</text>');
    expect(svg).toContain('>Day</text>');
    expect(svg).toContain('total 120, highest 80 (b)');
  });

  it('shows a single day with its label and a description naming it', () => {
    const { svg, table } = perDayChart([{ date: '2026-11-30', count: 7 }]);
    expect(textsOf(svg, 'labels')).toEqual(['30 Nov']);
    expect(heightsOf(svg)).toHaveLength(1);
    expect(heightsOf(svg)[0]).toBeGreaterThan(0);
    expect(svg).toContain('Registrations, 30 November 2026: 1 bar, total 7, highest 7 (30 November 2026).');
    expect(table).toEqual({
      caption: 'Registrations per day',
      headers: ['Day', 'Registrations'],
      rows: [{ label: '30 November 2026', value: 7 }],
    });
  });

  it('thins the labels of 120 days to a few that fit, keeping every bar and every row', () => {
    const days = fillDays([
      { date: '2026-08-05', count: 3 },
      { date: '2026-12-02', count: 9 },
    ]);
    expect(days).toHaveLength(120);
    const { svg, table } = perDayChart(days);
    expect(heightsOf(svg)).toHaveLength(120);
    const labels = textsOf(svg, 'labels');
    expect(labels.length).toBeLessThanOrEqual(MAX_AXIS_LABELS);
    // Every 18th day from the first; "Sep", whatever the ICU version abbreviates to.
    expect(labels).toEqual(['5 Aug', '23 Aug', '10 Sep', '28 Sep', '16 Oct', '3 Nov', '21 Nov']);
    expect(table.rows).toHaveLength(120);
    expect(table.rows[119]).toEqual({ label: '2 December 2026', value: 9 });
    expect(labelledIndexes(120)).toEqual([0, 18, 36, 54, 72, 90, 108]);
    expect(labelledIndexes(5)).toEqual([0, 1, 2, 3, 4]);
  });

  it('rounds the value axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 10, 11, 99, 101, 20000].map(niceMaximum)).toEqual([1, 1, 5, 10, 10, 20, 100, 200, 20000]);
  });
});

describe('fillDays', () => {
  it('zero-fills the days between the first and the last, in order, whatever the order given', () => {
    expect(
      fillDays([
        { date: '2026-03-02', count: 2 },
        { date: '2026-02-27', count: 5 },
      ]),
    ).toEqual([
      { date: '2026-02-27', count: 5 },
      { date: '2026-02-28', count: 0 },
      { date: '2026-03-01', count: 0 },
      { date: '2026-03-02', count: 2 },
    ]);
    expect(fillDays([])).toEqual([]);
  });

  it('keeps the last days only, up to the cap', () => {
    const days = fillDays(
      [
        { date: '2025-01-01', count: 1 },
        { date: '2026-12-31', count: 4 },
      ],
      10,
    );
    expect(days.map((day) => day.date)).toEqual([
      '2026-12-22',
      '2026-12-23',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2026-12-27',
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
    ]);
    expect(days.reduce((sum, day) => sum + day.count, 0)).toBe(4);
  });
});
