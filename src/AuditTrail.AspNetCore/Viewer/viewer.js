// The AuditTrail viewer's log view: loads the list for the filters in the address, keeps the address, the export
// links and the details panel in step with it. ES modules served as files of their own so that the page's
// Content-Security-Policy can forbid inline script; the other helpers live beside this file (strings.js, i18n.js,
// format.js, urlstate.js, filters.js, table.js, details.js, labels.js).
import { t, plural, applyStrings, language } from './i18n.js';
import { setUtc, isUtc } from './format.js';
import { readState, writeState } from './urlstate.js';
import { controls, readControls, writeControls, apiParameters, quickView, compact, showMoreFilters } from './filters.js';
import { renderRow, attachRowHandlers } from './table.js';
import { openDetails, closeDetails, showMissing } from './details.js';
import { actorName, element } from './labels.js';
import { apiBase, getJson } from './api.js';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 300;
const byId = (id) => document.getElementById(id);
const ui = {
  app: byId('audit-app'),
  zone: byId('audit-zone'),
  exportGroup: byId('audit-export'),
  exports: { csv: byId('audit-export-csv'), jsonl: byId('audit-export-jsonl'), 'ocsf.jsonl': byId('audit-export-ocsf') },
  status: byId('audit-status'),
  rows: byId('audit-rows'),
  empty: byId('audit-empty'),
  loadMore: byId('audit-load-more'),
  announce: byId('audit-announce'),
  evidence: byId('audit-evidence'),
  evidenceLabel: byId('audit-evidence-label'),
  evidenceClear: byId('audit-evidence-clear'),
  actions: byId('audit-actions')
};
const api = apiBase(ui.app);
const get = (path) => getJson(api, path);

applyStrings(ui.app);
// "Local time" names the zone it is (the browser's), so the page, and a screenshot of it, says which.
const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (localZone) {
  ui.zone.querySelector('option[value=local]').textContent = t('zone.local') + ' (' + localZone + ')';
}
if (document.body.classList.contains('audit-page')) {
  // The viewer's own page (not a host's layout): the document speaks the viewer's language.
  document.documentElement.lang = language;
  document.title = t('title');
}

let state = readState();
let cursor = null;
let generation = 0;
// The API parameters of the list on screen. "Load more" and the export reuse them as they were: a relative range
// recomputed later would be another filter, and the server rejects a cursor used with other filters.
let activeFilters = new URLSearchParams();
let searchTimer = 0;
// Whether the viewer is an admin, once the facets say (null before).
let viewerIsAdmin = null;
const records = new Map();

function setStatus(message, isError) {
  ui.status.textContent = message || '';
  ui.status.hidden = !message;
  ui.status.classList.toggle('error', Boolean(isError));
}

function updateExports() {
  const query = activeFilters.toString();
  for (const [extension, link] of Object.entries(ui.exports)) {
    link.href = api + '/export.' + extension + (query ? '?' + query : '');
  }
  ui.exportGroup.hidden = state.evidence.length > 0 || !ui.app.querySelector('#audit-log-panel:not([hidden])');
}

async function load(reset) {
  if (reset) {
    generation += 1;
    cursor = null;
    records.clear();
    activeFilters = state.evidence.length > 0 ? new URLSearchParams({ ids: state.evidence.slice(0, 100).join(',') }) : apiParameters(state.filters);
    ui.rows.replaceChildren();
    ui.empty.hidden = true;
    // The previous list's "Load more" belongs to it: a new list that fails must not offer its next page.
    ui.loadMore.hidden = true;
    updateExports();
    // The hook for views that follow the filters (an activity chart): the API parameters of the list.
    ui.app.dispatchEvent(new CustomEvent('audit:filters', { detail: { params: new URLSearchParams(activeFilters), evidence: state.evidence.length > 0 } }));
  }
  const current = generation;
  const params = new URLSearchParams(activeFilters);
  if (state.evidence.length === 0) {
    params.set('limit', String(PAGE_SIZE));
  }
  if (!reset && cursor) {
    params.set('cursor', cursor);
  }
  // Busy, not disabled: a disabled button loses the keyboard focus to the page, and the keyboard user would start
  // over at the top, with every row in the tab order before "Load more" again.
  ui.loadMore.setAttribute('aria-disabled', 'true');
  const focusedMore = !reset && document.activeElement === ui.loadMore;
  ui.app.setAttribute('data-state', 'loading');
  ui.announce.textContent = '';
  setStatus(t('loading'), false);
  try {
    const page = await get('/events?' + params.toString());
    if (current !== generation) {
      return;
    }
    const now = new Date();
    let firstNew = null;
    for (const record of page.items) {
      records.set(record.id, record);
      const row = renderRow(record, now);
      firstNew = firstNew || row;
      ui.rows.append(row);
    }
    cursor = page.nextCursor;
    if (focusedMore && !cursor && firstNew && document.activeElement === ui.loadMore) {
      // The last page: the button goes away, the focus goes on to the first record it brought.
      firstNew.focus();
    }
    ui.loadMore.hidden = !cursor;
    const shownRows = ui.rows.childElementCount;
    ui.empty.hidden = shownRows > 0;
    setStatus('', false);
    // The visible table changes silently; a screen reader hears what the filters found.
    ui.announce.textContent = shownRows === 0 ? t('empty') : plural(cursor ? 'announce.more' : 'announce.all', shownRows);
    ui.app.setAttribute('data-state', 'ready');
  } catch (error) {
    if (current !== generation) {
      return;
    }
    setStatus(error.message, true);
    ui.app.setAttribute('data-state', 'error');
  } finally {
    ui.loadMore.removeAttribute('aria-disabled');
  }
}

function showEvidenceLabel(label) {
  const ids = state.evidence;
  ui.evidence.hidden = ids.length === 0;
  if (ids.length === 0) {
    return;
  }
  const shownCount = Math.min(ids.length, 100);
  const shown = shownCount < ids.length ? t('evidence.firstOf', { shown: shownCount }) : '';
  ui.evidenceLabel.textContent = plural('evidence.label', ids.length, { shown: shown }) + (label ? t('evidence.of', { label: label }) : '');
}

// A view change can hide the control it came from (a link in the details panel, "Show all records"): the keyboard
// focus then moves on to the new list (its first row, else what it says), not back to the top of the page.
let refocusList = false;
const focusGoesAway = () => [byId('audit-details'), ui.evidence].some((part) => part.contains(document.activeElement));

function focusTheListIfLost() {
  const active = document.activeElement;
  if (active && active !== document.body && !active.closest('[hidden]')) {
    return;
  }
  const target = firstRow() || (ui.status.hidden ? ui.empty : ui.status);
  target.focus();
}

// Reloads the list; once it is shown, and no later view change reloaded it again, the focus goes to it if the change
// took it away.
function reloadList() {
  const loaded = load(true);
  const shown = generation;
  return loaded.then(() => {
    if (refocusList && shown === generation) {
      refocusList = false;
      focusTheListIfLost();
    }
  });
}

// A new view: the address gets a history entry (Back returns to the previous one), the list reloads.
function navigate(filters, options) {
  const next = options || {};
  refocusList = refocusList || focusGoesAway();
  state = { filters: compact(filters), event: null, utc: state.utc, evidence: next.evidence || [] };
  writeControls(state.filters);
  closeDetails(false, false);
  writeState(state, false);
  showEvidenceLabel(next.label);
  reloadList();
}

function onFiltersChanged() {
  window.clearTimeout(searchTimer);
  navigate(readControls(state.filters));
}

function filterHref(filters) {
  const params = new URLSearchParams(compact(filters));
  if (state.utc) {
    params.set('tz', 'utc');
  }
  const text = params.toString();
  return window.location.pathname + (text ? '?' + text : '');
}

// The details panel's filter links: each a new view of every time, as an address and as an in-page navigation.
const filterLink = (filters) => ({ href: filterHref(filters), go: () => navigate(filters) });
const links = {
  correlation: (id) => filterLink({ range: 'all', correlation: id }),
  targetUser: (id) => filterLink({ range: 'all', targetUser: id }),
  resource: (type, id) => filterLink({ range: 'all', resourceType: type, resourceId: id })
};

function markOpen(id) {
  for (const row of ui.rows.querySelectorAll('[data-testid=audit-row]')) {
    const open = row.getAttribute('data-event-id') === id;
    if (open) {
      row.setAttribute('aria-current', 'true');
    } else {
      row.removeAttribute('aria-current');
    }
    row.classList.toggle('selected', open);
  }
}

function onClosed() {
  state.event = null;
  writeState(state, true);
  markOpen(null);
}

// A record opened by a link may not be in the list on screen: closing it gives the focus to the list's first row.
const firstRow = () => ui.rows.querySelector('[data-testid=audit-row]');

// Opening a record changes the address in place: Back steps through filter changes, not through records.
async function openRecord(id, row, takeFocus = true) {
  state.event = id;
  writeState(state, true);
  markOpen(id);
  // An admin's panel reads the record itself: only that answer carries the chain position.
  await facetsLoaded;
  let record = ui.app.getAttribute('data-admin') === 'true' ? null : records.get(id);
  if (!record) {
    try {
      record = await get('/events/' + encodeURIComponent(id));
    } catch (error) {
      if (state.event === id) {
        showMissing(row || firstRow(), onClosed, takeFocus);
      }
      return;
    }
  }
  if (state.event === id) {
    openDetails(record, links, row || firstRow(), onClosed, takeFocus);
  }
}

attachRowHandlers(ui.rows, (row) => openRecord(row.getAttribute('data-event-id'), row));

async function loadFacets() {
  try {
    const facets = await get('/facets');
    ui.app.setAttribute('data-admin', facets.viewer.isAdmin ? 'true' : 'false');
    // The Review tab (review.js) shows itself when the viewer may review.
    ui.app.dispatchEvent(new CustomEvent('audit:viewer', { detail: { canReview: facets.viewer.canReview === true } }));
    for (const action of facets.actions || []) {
      const option = element('option');
      option.value = action;
      ui.actions.append(option);
    }
    viewerIsAdmin = facets.viewer.isAdmin === true;
    if (!viewerIsAdmin) {
      if (withoutHiddenFilters()) {
        writeControls(state.filters);
        writeState(state, true);
        load(true);
      }
      return;
    }
    for (const actor of facets.actors) {
      const existing = Array.from(controls.user.options).find((option) => option.value === actor.id);
      const option = existing || element('option');
      option.textContent = actorName(actor);
      option.value = actor.id;
      if (!existing) {
        controls.user.append(option);
      }
    }
    controls.user.value = state.filters.user || '';
    controls.userField.hidden = false;
  } catch (error) {
    // The list reports the same failure (sign-in required, forbidden) where the user sees it.
    ui.app.setAttribute('data-admin', 'false');
  }
}

for (const select of [controls.type, controls.user, controls.from, controls.to, ...controls.extra]) {
  select.addEventListener('change', onFiltersChanged);
}
for (const input of controls.extra.filter((each) => each.tagName === 'INPUT')) {
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      onFiltersChanged();
    }
  });
}
controls.range.addEventListener('change', () => {
  controls.customRange.hidden = controls.range.value !== 'custom';
  onFiltersChanged();
});
controls.search.addEventListener('input', () => {
  window.clearTimeout(searchTimer);
  searchTimer = window.setTimeout(onFiltersChanged, SEARCH_DELAY_MS);
});
controls.search.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    onFiltersChanged();
  }
});
controls.more.addEventListener('click', () => showMoreFilters(controls.moreFilters.hidden));
byId('audit-clear').addEventListener('click', () => navigate({ range: state.filters.range, from: state.filters.from, to: state.filters.to }));
for (const chip of document.querySelectorAll('[data-quick]')) {
  chip.addEventListener('click', () => {
    const name = chip.getAttribute('data-quick');
    navigate(quickView(name, state.filters));
    if (name === 'server') {
      showMoreFilters(true);
      byId('audit-filter-resource-id').focus();
    }
  });
}
ui.zone.addEventListener('change', () => {
  state.utc = ui.zone.value === 'utc';
  setUtc(state.utc);
  writeState(state, true);
  // The filters stay the same instants; the rows and an open record are drawn again in the zone shown.
  writeControls(state.filters);
  const open = state.event;
  load(true).then(() => {
    if (open) {
      openRecord(open, ui.rows.querySelector('[data-event-id="' + CSS.escape(open) + '"]'), false);
    }
  });
});
ui.loadMore.addEventListener('click', () => {
  if (ui.loadMore.getAttribute('aria-disabled') !== 'true') {
    load(false);
  }
});
ui.evidenceClear.addEventListener('click', () => navigate(state.filters));
// The evidence link that sent it went away with the Review tab.
ui.app.addEventListener('audit:evidence', (event) => {
  refocusList = true;
  navigate(state.filters, { evidence: event.detail.ids, label: event.detail.label });
});
ui.app.addEventListener('audit:tab', updateExports);
window.addEventListener('popstate', () => start());

// A user who is not an admin has no User control: a link's user filter (an admin's link) would apply unseen, so it
// is dropped, and the address with it. Returns whether there was one.
function withoutHiddenFilters() {
  if (viewerIsAdmin !== false || !state.filters.user) {
    return false;
  }
  const filters = { ...state.filters };
  delete filters.user;
  state = { ...state, filters };
  return true;
}

function start() {
  refocusList = refocusList || focusGoesAway();
  state = readState();
  if (withoutHiddenFilters()) {
    writeState(state, true);
  }
  setUtc(state.utc);
  ui.zone.value = isUtc() ? 'utc' : 'local';
  writeControls(state.filters);
  closeDetails(false, false);
  showEvidenceLabel(null);
  const open = state.event;
  if (open) {
    // The record's panel takes the focus.
    refocusList = false;
  }
  reloadList().then(() => {
    if (open) {
      openRecord(open, ui.rows.querySelector('[data-event-id="' + CSS.escape(open) + '"]'));
    }
  });
}

const facetsLoaded = loadFacets();
start();
