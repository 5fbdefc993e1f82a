// The filter controls: read into and written from a plain object of strings (the URL's view, see urlstate.js),
// turned into the API's query parameters, and the quick views.
import { DEFAULT_RANGE } from './urlstate.js';
import { inputToIso, isoToInput } from './format.js';
import { shown } from './labels.js';

const RANGES = { '24h': 24 * 3600 * 1000, '7d': 7 * 24 * 3600 * 1000, '30d': 30 * 24 * 3600 * 1000 };
const byId = (id) => document.getElementById(id);

export const controls = {
  type: byId('audit-filter-type'),
  userField: byId('audit-filter-user-field'),
  user: byId('audit-filter-user'),
  range: byId('audit-filter-range'),
  customRange: byId('audit-custom-range'),
  from: byId('audit-filter-from'),
  to: byId('audit-filter-to'),
  search: byId('audit-search'),
  more: byId('audit-more'),
  moreFilters: byId('audit-more-filters'),
  // The text and outcome filters of "More filters", by their parameter name (data-filter).
  extra: Array.from(document.querySelectorAll('#audit-more-filters [data-filter]'))
};

function setSelect(select, value) {
  select.value = value || '';
  if (select.value !== (value || '')) {
    // A value the list does not offer (yet: the users arrive with the facets) is kept as an option of its own.
    const option = document.createElement('option');
    option.value = value;
    option.textContent = shown(value);
    select.append(option);
    select.value = value;
  }
}

export function showMoreFilters(open) {
  controls.moreFilters.hidden = !open;
  controls.more.setAttribute('aria-expanded', open ? 'true' : 'false');
}

/** The filters the controls show; <paramref>previous</paramref> supplies the user filter when it is not shown. */
export function readControls(previous) {
  const filters = {};
  const set = (key, value) => {
    const text = (value || '').trim();
    if (text) {
      filters[key] = text;
    }
  };
  set('type', controls.type.value);
  set('user', controls.userField.hidden ? previous.user : controls.user.value);
  set('range', controls.range.value);
  if (controls.range.value === 'custom') {
    set('from', inputToIso(controls.from.value));
    set('to', inputToIso(controls.to.value));
  }
  set('q', controls.search.value);
  for (const input of controls.extra) {
    set(input.getAttribute('data-filter'), input.value);
  }
  return filters;
}

/** Shows <paramref>filters</paramref> in the controls (a loaded URL, Back, a quick view, a link in the details). */
export function writeControls(filters) {
  setSelect(controls.type, filters.type);
  if (filters.user) {
    setSelect(controls.user, filters.user);
  } else {
    controls.user.value = '';
  }
  controls.range.value = filters.range || DEFAULT_RANGE;
  controls.customRange.hidden = controls.range.value !== 'custom';
  controls.from.value = isoToInput(filters.from);
  controls.to.value = isoToInput(filters.to);
  controls.search.value = filters.q || '';
  let extra = false;
  for (const input of controls.extra) {
    const value = filters[input.getAttribute('data-filter')] || '';
    if (input.tagName === 'SELECT') {
      setSelect(input, value);
    } else {
      input.value = value;
    }
    extra = extra || value !== '';
  }
  if (extra) {
    showMoreFilters(true);
  }
}

/** The API's query parameters for these filters: a relative range becomes "from" as of now. */
export function apiParameters(filters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (key !== 'range' && key !== 'from' && key !== 'to') {
      params.set(key, value);
    }
  }
  const range = filters.range || DEFAULT_RANGE;
  if (Object.prototype.hasOwnProperty.call(RANGES, range)) {
    params.set('from', new Date(Date.now() - RANGES[range]).toISOString());
  } else if (range === 'custom') {
    if (filters.from) {
      params.set('from', filters.from);
    }
    if (filters.to) {
      params.set('to', filters.to);
    }
  }
  return params;
}

function timeOf(filters) {
  const kept = { range: filters.range || DEFAULT_RANGE };
  if (filters.from) {
    kept.from = filters.from;
  }
  if (filters.to) {
    kept.to = filters.to;
  }
  return kept;
}

/** The filters of a quick view, from the current ones: failed logins and security changes keep the time window. */
export function quickView(name, current) {
  switch (name) {
    case 'failed-logins':
      return Object.assign(timeOf(current), { type: 'Authentication', outcome: 'Failure' });
    case 'security':
      return Object.assign(timeOf(current), { type: 'Security' });
    case 'last-day':
      return Object.assign({}, current, { range: '24h', from: undefined, to: undefined });
    case 'server':
      return { range: 'all', resourceType: 'server', resourceId: current.resourceType === 'server' ? current.resourceId : undefined };
    default:
      return current;
  }
}

/** Drops the keys whose value is undefined or empty. */
export function compact(filters) {
  const result = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value) {
      result[key] = value;
    }
  }
  return result;
}
