// The activity chart of the AuditTrail viewer: events per hour or day for the current filters (api/histogram), stacked
// by action type, drawn as inline SVG by this file (no library; CSP-strict: no inline script or style, colours come
// from viewer.css classes). Each bar is a button: activating it narrows the time range to its bucket through the
// page's own custom range inputs. The bars are one tab stop (a roving tabindex: the first busy bar, or the first bar);
// the arrow keys, Home and End move between them. A visually hidden table carries the same numbers for screen readers. Every string
// comes from the one table (strings.js), dates and numbers in the viewer's locale and zone (format.js).
import { t, plural } from './i18n.js';
import { periodLabel, number, isoToInput } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const TYPES = ['Authentication', 'Create', 'Update', 'Delete', 'Security', 'Access'];
const typeLabel = (type) => t('type.' + type);
const WIDTH = 600;
const HEIGHT = 120;

const byId = (id) => document.getElementById(id);
const app = byId('audit-app');
// The viewer's element carries the path it is served under (a host may place it inside its own layout).
const api = ((app && app.getAttribute('data-base')) || '') + '/api';
const ui = {
  section: byId('audit-activity'),
  chart: byId('audit-activity-chart'),
  legend: byId('audit-activity-legend'),
  summary: byId('audit-activity-summary'),
  table: byId('audit-activity-table'),
  range: byId('audit-filter-range'),
  customRange: byId('audit-custom-range'),
  from: byId('audit-filter-from'),
  to: byId('audit-filter-to'),
};

let generation = 0;

// api/histogram answers at most 200 buckets; a wider range is a 400. The chart of a longer custom range draws its last
// 200 UTC days (the summary says so) rather than failing: the list and the export still hold the whole range.
const MAX_DAYS = 200;
const DAY_MS = 24 * 3600 * 1000;

/** The start of the last 200 UTC days before the range's end, when the range starts earlier; null otherwise. */
function clippedStart(filters) {
  if (!filters.has('from')) {
    return null;
  }
  const start = new Date(filters.get('from')).getTime();
  const end = filters.has('to') ? new Date(filters.get('to')).getTime() : Date.now();
  if (Number.isNaN(start) || Number.isNaN(end)) {
    return null;
  }
  const earliest = Math.floor(end / DAY_MS) * DAY_MS - (MAX_DAYS - 1) * DAY_MS;
  return start < earliest ? new Date(earliest) : null;
}

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  Object.keys(attributes).forEach((key) => node.setAttribute(key, String(attributes[key])));
  if (text) {
    node.textContent = text;
  }
  return node;
}

// A day bucket is a UTC day (the API's buckets start on UTC boundaries): it is named by that date, whatever the zone
// shown, since in a zone west of UTC its start falls on the evening before. An hour is named by its start in the zone shown.
function label(bucket, interval) {
  return periodLabel(new Date(bucket.start), interval === 'Day');
}

function describe(bucket, interval) {
  const parts = bucket.counts.map((count) => typeLabel(count.actionType) + ' ' + number(count.count));
  return t(interval === 'Day' ? 'chart.bar.day' : 'chart.bar.hour', {
    period: label(bucket, interval),
    events: plural('chart.events', bucket.total),
    parts: parts.length ? ' (' + parts.join(', ') + ')' : ''
  });
}

// Narrowing goes through the page's own filters, so the list, the export and the chart follow alike.
function narrow(bucket) {
  ui.range.value = 'custom';
  ui.customRange.hidden = false;
  ui.from.value = isoToInput(bucket.start);
  ui.to.value = isoToInput(bucket.end);
  ui.range.dispatchEvent(new Event('change'));
}

// Moves the focus (and the one tab stop) from the bar at this index to the one the key names; false for other keys.
function rove(svg, index, key) {
  const bars = Array.from(svg.querySelectorAll('.activity-bar'));
  const targets = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1, Home: 0, End: bars.length - 1 };
  if (!(key in targets)) {
    return false;
  }
  const next = bars[Math.min(bars.length - 1, Math.max(0, targets[key]))];
  bars.forEach((bar) => bar.setAttribute('tabindex', bar === next ? '0' : '-1'));
  next.focus();
  return true;
}

function drawBars(histogram) {
  const buckets = histogram.buckets;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.total));
  const slot = WIDTH / Math.max(1, buckets.length);
  const busy = buckets.findIndex((bucket) => bucket.total > 0);
  const stop = busy < 0 ? 0 : busy;
  const svg = element('svg', { viewBox: '0 0 ' + WIDTH + ' ' + (HEIGHT + 16), role: 'group', 'aria-label': ui.summary.textContent, class: 'activity-svg', 'data-testid': 'audit-activity-svg' });
  buckets.forEach((bucket, index) => {
    const bar = element('g', { role: 'button', tabindex: index === stop ? 0 : -1, class: 'activity-bar', 'aria-label': describe(bucket, histogram.interval), 'data-testid': 'audit-activity-bar', 'data-start': bucket.start, 'data-end': bucket.end, 'data-total': bucket.total });
    bar.appendChild(element('title', {}, describe(bucket, histogram.interval)));
    bar.appendChild(element('rect', { x: index * slot, y: 0, width: slot, height: HEIGHT, class: 'activity-hit' }));
    let top = HEIGHT;
    TYPES.forEach((type) => {
      const count = bucket.counts.find((item) => item.actionType === type);
      if (count) {
        const height = (count.count / max) * HEIGHT;
        top -= height;
        bar.appendChild(element('rect', { x: index * slot + slot * 0.1, y: top, width: slot * 0.8, height: height, class: 'activity-segment type-' + type }));
      }
    });
    bar.addEventListener('click', () => narrow(bucket));
    bar.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        narrow(bucket);
      } else if (rove(svg, index, event.key)) {
        event.preventDefault();
      }
    });
    svg.appendChild(bar);
  });
  if (buckets.length) {
    svg.appendChild(element('text', { x: 0, y: HEIGHT + 13, class: 'activity-axis' }, label(buckets[0], histogram.interval)));
    svg.appendChild(element('text', { x: WIDTH, y: HEIGHT + 13, class: 'activity-axis end' }, label(buckets[buckets.length - 1], histogram.interval)));
  }
  ui.chart.replaceChildren(svg);
}

function drawLegend(histogram) {
  const present = TYPES.filter((type) => histogram.buckets.some((bucket) => bucket.counts.some((count) => count.actionType === type)));
  ui.legend.replaceChildren(...present.map((type) => {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'activity-swatch type-' + type;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, document.createTextNode(typeLabel(type)));
    return item;
  }));
}

function drawTable(histogram) {
  const caption = document.createElement('caption');
  caption.textContent = ui.summary.textContent;
  const head = document.createElement('tr');
  [t('chart.period'), t('chart.total'), ...TYPES.map(typeLabel)].forEach((text) => {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = text;
    head.appendChild(cell);
  });
  const rows = histogram.buckets.filter((bucket) => bucket.total > 0).map((bucket) => {
    const row = document.createElement('tr');
    const period = document.createElement('th');
    period.scope = 'row';
    period.textContent = label(bucket, histogram.interval);
    row.appendChild(period);
    [bucket.total, ...TYPES.map((type) => (bucket.counts.find((count) => count.actionType === type) || { count: 0 }).count)].forEach((value) => {
      const cell = document.createElement('td');
      cell.textContent = number(value);
      row.appendChild(cell);
    });
    return row;
  });
  ui.table.replaceChildren(caption, head, ...rows);
}

async function update(filters) {
  const current = ++generation;
  if (!filters || filters.has('ids')) {
    ui.section.hidden = true;
    return;
  }
  ui.section.hidden = false;
  ui.section.setAttribute('aria-busy', 'true');
  const clipped = clippedStart(filters);
  const params = new URLSearchParams(filters);
  if (clipped) {
    params.set('from', clipped.toISOString());
  }
  try {
    const response = await fetch(api + '/histogram?' + params.toString(), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error('HTTP ' + response.status);
    }
    const histogram = await response.json();
    if (current !== generation) {
      return;
    }
    ui.summary.textContent = plural(histogram.interval === 'Day' ? 'chart.summary.day' : 'chart.summary.hour', histogram.total) +
      (clipped ? ' ' + t('chart.clipped', { days: number(MAX_DAYS), start: periodLabel(clipped, true) }) : '');
    drawBars(histogram);
    drawLegend(histogram);
    drawTable(histogram);
    ui.section.setAttribute('data-state', 'ready');
  } catch (error) {
    if (current === generation) {
      ui.summary.textContent = t('chart.error');
      // Nothing of the previous filters stays: the legend and the hidden table would read out their numbers.
      ui.chart.replaceChildren();
      ui.legend.replaceChildren();
      ui.table.replaceChildren();
      ui.section.setAttribute('data-state', 'error');
    }
  } finally {
    if (current === generation) {
      ui.section.removeAttribute('aria-busy');
    }
  }
}

// The viewer tells the views that follow its filters when they change (viewer.js, the 'audit:filters' event).
if (ui.section) {
  app.addEventListener('audit:filters', (event) => update(event.detail.evidence ? null : event.detail.params));
}
