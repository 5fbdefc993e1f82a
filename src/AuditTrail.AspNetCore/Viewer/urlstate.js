// The view in the address bar: every filter, the search, the open record and the time zone, so that a reload or a
// shared link shows the same view and Back steps through filter changes (history.pushState).

/** The filters the list sends to the API under the same names, plus "range" (a relative window) and "tz". */
export const FILTER_KEYS = ['type', 'user', 'targetUser', 'range', 'from', 'to', 'q', 'outcome', 'action', 'resourceType', 'resourceId', 'ip', 'correlation'];

export const DEFAULT_RANGE = '7d';

/** The Time Range choices; a link naming any other (a typo, an old link) gets the default. */
export const RANGE_VALUES = ['24h', '7d', '30d', 'all', 'custom'];

/** The view the address describes: { filters, event, utc, evidence }. */
export function readState() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) {
      filters[key] = value;
    }
  }
  if (!RANGE_VALUES.includes(filters.range)) {
    // Missing or unknown: a link with from or to is a custom range, else the default. An unknown value kept would
    // leave the Time Range control blank while the list showed every record.
    filters.range = filters.from || filters.to ? 'custom' : DEFAULT_RANGE;
  }
  const evidence = (params.get('evidence') || '').split(',').filter((id) => id.length > 0);
  return { filters: filters, event: params.get('event') || null, utc: params.get('tz') === 'utc', evidence: evidence };
}

function toSearch(state) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = state.filters[key];
    if (value && !(key === 'range' && value === DEFAULT_RANGE)) {
      params.set(key, value);
    }
  }
  if (state.evidence && state.evidence.length > 0) {
    params.set('evidence', state.evidence.join(','));
  }
  if (state.utc) {
    params.set('tz', 'utc');
  }
  if (state.event) {
    params.set('event', state.event);
  }
  const text = params.toString();
  return text ? '?' + text : '';
}

/** Writes the view to the address: a new history entry (a filter change) or in place (a record opened or closed). */
export function writeState(state, replace) {
  const url = window.location.pathname + toSearch(state) + window.location.hash;
  if (url === window.location.pathname + window.location.search + window.location.hash) {
    return;
  }
  if (replace) {
    window.history.replaceState(null, '', url);
  } else {
    window.history.pushState(null, '', url);
  }
}
