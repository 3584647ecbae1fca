/**
 * A bar chart as an SVG string, for server-rendered pages (the console's dashboard). Pure and Nest-free.
 * Every label is escaped for XML; the SVG scales to its container (viewBox, width 100%) and stays legible
 * at 390 px wide; it is an image with a title and a description for assistive technology, and the same
 * figures come back as a table model for an HTML table (the text alternative).
 */

export interface BarChartItem {
  /** Under the bar (thinned when there are many bars), e.g. "2 Dec". */
  label: string;
  value: number;
  /** In the table and the bar's tooltip, e.g. "2 December 2026"; the label when absent. */
  longLabel?: string;
}

export interface BarChartOptions {
  /** The chart's <title> and the table's caption. */
  title: string;
  /** The chart's <desc>; by default a sentence naming the range, the total and the highest bar. */
  description?: string;
  /** Header of the label column, e.g. "Day". */
  labelHeader?: string;
  /** Header of the value column, e.g. "Registrations". */
  valueHeader?: string;
  /** Prefix of the ids of the title and desc elements, unique on the page (letters, digits, - and _). */
  id?: string;
}

export interface BarChartTable {
  caption: string;
  headers: [string, string];
  rows: { label: string; value: number }[];
}

export interface BarChart {
  svg: string;
  /** The same figures as rows, for an HTML table (escape them there as any text). */
  table: BarChartTable;
}

const WIDTH = 400;
const HEIGHT = 240;
const PLOT = { left: 52, right: WIDTH - 8, top: 12, bottom: HEIGHT - 40 };
const FONT_SIZE = 12;
/** The most axis labels that fit under the bars at this font size. */
export const MAX_AXIS_LABELS = 7;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Text or an attribute value, safe inside XML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => XML_ESCAPES[character]);
}

const numbers = new Intl.NumberFormat('en-GB');
const formatNumber = (value: number) => numbers.format(value);
const round = (value: number) => Math.round(value * 100) / 100;

/** A round top for the value axis: 1, 2 or 5 × a power of ten, at least the highest value (and at least 1). */
export function niceMaximum(highest: number): number {
  if (highest <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(highest));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= highest)!;
  return step * power;
}

/** Which bars get a label under them: every k-th, from the first, so at most MAX_AXIS_LABELS. */
export function labelledIndexes(count: number, max = MAX_AXIS_LABELS): number[] {
  const every = Math.max(1, Math.ceil(count / max));
  return Array.from({ length: count }, (_, index) => index).filter((index) => index % every === 0);
}

function defaultDescription(items: readonly BarChartItem[], valueHeader: string): string {
  if (items.length === 0) return 'No data.';
  const long = (item: BarChartItem) => item.longLabel ?? item.label;
  const total = items.reduce((sum, item) => sum + item.value, 0);
  const highest = items.reduce((best, item) => (item.value > best.value ? item : best), items[0]);
  const range = items.length === 1 ? long(items[0]) : `${long(items[0])} to ${long(items[items.length - 1])}`;
  const peak = total === 0 ? 'every value is 0' : `highest ${formatNumber(highest.value)} (${long(highest)})`;
  return `${valueHeader}, ${range}: ${items.length} ${items.length === 1 ? 'bar' : 'bars'}, total ${formatNumber(total)}, ${peak}.`;
}

export function renderBarChart(items: readonly BarChartItem[], options: BarChartOptions): BarChart {
  const labelHeader = options.labelHeader ?? 'Label';
  const valueHeader = options.valueHeader ?? 'Value';
  const id = (options.id ?? 'bar-chart').replace(/[^A-Za-z0-9_-]/g, '') || 'bar-chart';
  const description = options.description ?? defaultDescription(items, valueHeader);
  const values = items.map((item) => (Number.isFinite(item.value) && item.value > 0 ? item.value : 0));
  const top = niceMaximum(Math.max(0, ...values));
  const plotWidth = PLOT.right - PLOT.left;
  const plotHeight = PLOT.bottom - PLOT.top;
  const slot = items.length ? plotWidth / items.length : plotWidth;
  const barWidth = Math.max(1, slot * (items.length > 40 ? 0.8 : 0.7));
  const y = (value: number) => PLOT.bottom - (value / top) * plotHeight;

  const ticks = [0, top / 2, top].filter((tick, index, all) => all.indexOf(tick) === index && Number.isInteger(tick));
  const grid = ticks.map(
    (tick) =>
      `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${round(y(tick))}" y2="${round(y(tick))}" stroke="#d0d0d0" stroke-width="1"/>` +
      `<text x="${PLOT.left - 6}" y="${round(y(tick) + FONT_SIZE / 3)}" text-anchor="end">${formatNumber(tick)}</text>`,
  );
  const bars = items.map((item, index) => {
    const x = PLOT.left + index * slot + (slot - barWidth) / 2;
    const height = PLOT.bottom - y(values[index]);
    const tooltip = `${escapeXml(item.longLabel ?? item.label)}: ${formatNumber(item.value)}`;
    return `<rect x="${round(x)}" y="${round(PLOT.bottom - height)}" width="${round(barWidth)}" height="${round(height)}" fill="#1f5fa8"><title>${tooltip}</title></rect>`;
  });
  const labels = labelledIndexes(items.length).map((index) => {
    const x = PLOT.left + index * slot + slot / 2;
    return `<text x="${round(x)}" y="${PLOT.bottom + 16}" text-anchor="middle">${escapeXml(items[index].label)}</text>`;
  });

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc" font-family="sans-serif" font-size="${FONT_SIZE}" fill="#222">` +
    `<title id="${id}-title">${escapeXml(options.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(description)}</desc>` +
    `<g class="grid">${grid.join('')}</g>` +
    `<g class="bars">${bars.join('')}</g>` +
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="#222" stroke-width="1"/>` +
    `<g class="labels">${labels.join('')}</g>` +
    `<text x="${round((PLOT.left + PLOT.right) / 2)}" y="${HEIGHT - 6}" text-anchor="middle">${escapeXml(labelHeader)}</text>` +
    `<text x="12" y="${round((PLOT.top + PLOT.bottom) / 2)}" text-anchor="middle" transform="rotate(-90 12 ${round((PLOT.top + PLOT.bottom) / 2)})">${escapeXml(valueHeader)}</text>` +
    `</svg>`;

  return {
    svg,
    table: {
      caption: options.title,
      headers: [labelHeader, valueHeader],
      rows: items.map((item) => ({ label: item.longLabel ?? item.label, value: item.value })),
    },
  };
}
