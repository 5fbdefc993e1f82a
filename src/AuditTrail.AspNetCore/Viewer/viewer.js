// The AuditTrail viewer. Served as a separate file so that the page's Content-Security-Policy can forbid
// inline script. Every value from the API is rendered with textContent: a user agent or resource name that
// holds markup shows as text.
(function () {
  'use strict';

  const PAGE_SIZE = 50;
  const SEARCH_DELAY_MS = 300;
  const RANGES = { '24h': 24 * 3600 * 1000, '7d': 7 * 24 * 3600 * 1000, '30d': 30 * 24 * 3600 * 1000 };

  const ACTION_LABELS = {
    'auth.login_succeeded': 'Logged in',
    'auth.login_failed': 'Failed login',
    'auth.logout': 'Logged out',
    'auth.authorization_failed': 'Access denied',
    'account.password_changed': 'Changed password',
    'account.mfa_enabled': 'Enabled MFA',
    'account.mfa_disabled': 'Disabled MFA',
    'account.created': 'Created account',
    'account.deactivated': 'Deactivated account',
    'account.role_changed': 'Changed role',
    'account.permission_changed': 'Changed permission',
    'api_key.created': 'Created API key',
    'api_key.deleted': 'Deleted API key',
    'api_key.expired': 'API key expired',
    'notification_channel.added': 'Added notification channel',
    'notification_channel.updated': 'Updated notification channel',
    'notification_channel.removed': 'Removed notification channel',
    'agent.installed': 'Installed agent',
    'audit.queried': 'Viewed audit log',
    'audit.exported': 'Exported audit log',
    'audit.purged': 'Purged audit log'
  };
  const VERBS = { created: 'Created', updated: 'Updated', deleted: 'Deleted', added: 'Added', removed: 'Removed' };

  const root = document.documentElement;
  const api = (root.getAttribute('data-base') || '') + '/api';
  const byId = (id) => document.getElementById(id);
  const ui = {
    app: byId('audit-app'),
    exportButton: byId('audit-export'),
    type: byId('audit-filter-type'),
    userField: byId('audit-filter-user-field'),
    user: byId('audit-filter-user'),
    range: byId('audit-filter-range'),
    customRange: byId('audit-custom-range'),
    from: byId('audit-filter-from'),
    to: byId('audit-filter-to'),
    search: byId('audit-search'),
    status: byId('audit-status'),
    rows: byId('audit-rows'),
    empty: byId('audit-empty'),
    loadMore: byId('audit-load-more'),
    evidence: byId('audit-evidence'),
    evidenceLabel: byId('audit-evidence-label'),
    evidenceClear: byId('audit-evidence-clear')
  };

  let cursor = null;
  let generation = 0;
  // The filters of the list on screen. "Load more" reuses them as they were: a relative time range recomputed
  // later would be another filter, and the server rejects a cursor used with other filters.
  let activeFilters = new URLSearchParams();
  let searchTimer = 0;
  // The ids of a review finding's evidence while the list shows only those records (api/events?ids=), else null.
  let evidenceIds = null;

  const timeFormat = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
  const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });
  const dayYearFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function humanize(code) {
    return code.replace(/[_.]+/g, ' ').trim();
  }

  function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function actionLabel(record) {
    if (Object.prototype.hasOwnProperty.call(ACTION_LABELS, record.action)) {
      return ACTION_LABELS[record.action];
    }
    const dot = record.action.lastIndexOf('.');
    if (dot > 0) {
      const verb = VERBS[record.action.slice(dot + 1)];
      if (verb) {
        return verb + ' ' + humanize(record.action.slice(0, dot));
      }
    }
    return capitalize(humanize(record.action));
  }

  // Mirrors AuditDescriptions.Describe on the server, for records stored without a description.
  function describeChange(change) {
    if (change.oldValue === '[REDACTED]' || change.newValue === '[REDACTED]') {
      return 'Changed ' + change.field;
    }
    if (change.oldValue === null && change.newValue === null) {
      return 'Changed ' + change.field;
    }
    if (change.oldValue === null) {
      return 'Set ' + change.field + ' to ' + change.newValue;
    }
    if (change.newValue === null) {
      return 'Cleared ' + change.field + ' (was ' + change.oldValue + ')';
    }
    return 'Changed ' + change.field + ' from ' + change.oldValue + ' to ' + change.newValue;
  }

  function actionDetail(record) {
    if (record.description) {
      return record.description;
    }
    return (record.changes || []).map(describeChange).join('; ');
  }

  function actorName(actor) {
    if (actor.type === 'System') {
      return 'System';
    }
    return actor.displayName || actor.id;
  }

  function initials(name) {
    const words = name.split('@')[0].split(/[\s._-]+/).filter((word) => word.length > 0);
    if (words.length === 0) {
      return '?';
    }
    const first = Array.from(words[0])[0];
    const last = words.length > 1 ? Array.from(words[words.length - 1])[0] : '';
    return (first + last).toUpperCase();
  }

  function avatarClass(actor) {
    if (actor.type === 'System') {
      return 'avatar avatar-system';
    }
    let hash = 0;
    for (const ch of actor.id) {
      hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
    }
    return 'avatar avatar-' + (hash % 8);
  }

  function startOfDay(date) {
    return new Date(date.getFullYear(), date.getMonth(), date.getDate());
  }

  // "Today, 2:34 PM", "Yesterday, 12:00 AM", "Nov 27, 5:30 PM" in the browser's time zone.
  function friendlyTime(date, now) {
    const time = timeFormat.format(date).replace(/\u202f/g, ' ');
    const today = startOfDay(now);
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
    const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
    if (date >= today && date < tomorrow) {
      return 'Today, ' + time;
    }
    if (date >= yesterday && date < today) {
      return 'Yesterday, ' + time;
    }
    const day = date.getFullYear() === now.getFullYear() ? dayFormat.format(date) : dayYearFormat.format(date);
    return day + ', ' + time;
  }

  function exactUtc(date) {
    return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  function renderRow(record, now) {
    const failed = record.outcome === 'Failure';
    const row = element('tr', failed ? 'row failure' : 'row');
    row.setAttribute('data-testid', 'audit-row');
    row.setAttribute('data-event-id', record.id);
    row.setAttribute('data-outcome', record.outcome);
    row.setAttribute('data-action', record.action);
    row.setAttribute('data-action-type', record.actionType);
    row.setAttribute('data-actor-id', record.actor.id);
    row.setAttribute('data-target-user-id', record.targetUser ? record.targetUser.id : '');

    const userCell = element('td', 'cell-user');
    userCell.setAttribute('data-testid', 'audit-cell-user');
    const name = actorName(record.actor);
    const avatar = element('span', avatarClass(record.actor), record.actor.type === 'System' ? 'S' : initials(name));
    avatar.setAttribute('aria-hidden', 'true');
    const userName = element('span', 'user-name', name);
    userName.title = record.actor.id;
    userCell.append(avatar, userName);

    const actionCell = element('td', 'cell-action');
    actionCell.setAttribute('data-testid', 'audit-cell-action');
    const label = element('div', 'action-label', actionLabel(record));
    label.title = record.action;
    if (failed) {
      const badge = element('span', 'badge-failed', 'Failed');
      badge.setAttribute('data-testid', 'audit-failed');
      label.append(' ', badge);
    }
    actionCell.append(label);
    const detail = actionDetail(record);
    if (detail) {
      actionCell.append(element('div', 'action-detail', detail));
    }
    if (failed && record.failureReason) {
      actionCell.append(element('div', 'action-reason', record.failureReason));
    }
    const target = record.targetUser;
    const resourceIsTarget = target && record.resource && record.resource.type === 'user' && record.resource.id === target.id;
    if (target && !resourceIsTarget) {
      const targetLine = element('div', 'action-target', 'Affected user: ' + (target.displayName || target.id));
      targetLine.setAttribute('data-testid', 'audit-target-user');
      actionCell.append(targetLine);
    }

    const resourceCell = element('td', 'cell-resource');
    resourceCell.setAttribute('data-testid', 'audit-cell-resource');
    if (record.resource) {
      resourceCell.append(element('div', 'resource-name', record.resource.name || record.resource.id || record.resource.type));
      if (record.resource.name || record.resource.id) {
        resourceCell.append(element('div', 'resource-type', humanize(record.resource.type)));
      }
    } else {
      resourceCell.append(element('span', 'none', '\u2014'));
    }

    const ipCell = element('td', 'cell-ip', record.sourceIp || '\u2014');
    ipCell.setAttribute('data-testid', 'audit-cell-ip');

    const timeCell = element('td', 'cell-time');
    timeCell.setAttribute('data-testid', 'audit-cell-time');
    const occurred = new Date(record.occurredAt);
    const time = element('time', null, friendlyTime(occurred, now));
    time.dateTime = record.occurredAt;
    time.title = exactUtc(occurred);
    timeCell.append(time);

    row.append(userCell, actionCell, resourceCell, ipCell, timeCell);
    return row;
  }

  function setState(state) {
    ui.app.setAttribute('data-state', state);
  }

  function setStatus(message, isError) {
    ui.status.textContent = message || '';
    ui.status.hidden = !message;
    ui.status.classList.toggle('error', Boolean(isError));
  }

  function localInputToIso(value) {
    if (!value) {
      return null;
    }
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }

  // The filters as query parameters; the export uses the same ones as the list.
  function filterParameters() {
    const params = new URLSearchParams();
    if (ui.type.value) {
      params.append('type', ui.type.value);
    }
    if (!ui.userField.hidden && ui.user.value) {
      params.append('user', ui.user.value);
    }
    const range = ui.range.value;
    if (Object.prototype.hasOwnProperty.call(RANGES, range)) {
      params.set('from', new Date(Date.now() - RANGES[range]).toISOString());
    } else if (range === 'custom') {
      const from = localInputToIso(ui.from.value);
      const to = localInputToIso(ui.to.value);
      if (from) {
        params.set('from', from);
      }
      if (to) {
        params.set('to', to);
      }
    }
    const search = ui.search.value.trim();
    if (search) {
      params.set('q', search);
    }
    return params;
  }

  async function readJson(response) {
    if (response.ok) {
      return response.json();
    }
    let problem = null;
    try {
      problem = await response.json();
    } catch (ignored) {
      problem = null;
    }
    if (response.status === 401) {
      throw new Error('Sign in to view the audit logs.');
    }
    const detail = problem && (problem.detail || problem.title);
    throw new Error(detail || 'The audit logs could not be loaded (HTTP ' + response.status + ').');
  }

  function get(path) {
    return fetch(api + path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(readJson);
  }

  async function load(reset) {
    if (reset) {
      generation += 1;
      cursor = null;
      activeFilters = evidenceIds ? new URLSearchParams({ ids: evidenceIds.join(',') }) : filterParameters();
      if (window.AuditActivityChart) {
        window.AuditActivityChart.update(activeFilters);
      }
      ui.rows.replaceChildren();
      ui.empty.hidden = true;
    }
    const current = generation;
    const params = new URLSearchParams(activeFilters);
    if (!evidenceIds) {
      params.set('limit', String(PAGE_SIZE));
    }
    if (!reset && cursor) {
      params.set('cursor', cursor);
    }
    ui.loadMore.disabled = true;
    setState('loading');
    setStatus('Loading\u2026', false);
    try {
      const page = await get('/events?' + params.toString());
      if (current !== generation) {
        return;
      }
      const now = new Date();
      const rows = page.items.map((record) => renderRow(record, now));
      ui.rows.append(...rows);
      cursor = page.nextCursor;
      ui.loadMore.hidden = !cursor;
      ui.empty.hidden = ui.rows.childElementCount > 0;
      setStatus('', false);
      setState('ready');
    } catch (error) {
      if (current !== generation) {
        return;
      }
      setStatus(error.message, true);
      setState('error');
    } finally {
      ui.loadMore.disabled = false;
    }
  }

  async function loadFacets() {
    try {
      const facets = await get('/facets');
      ui.app.setAttribute('data-admin', facets.viewer.isAdmin ? 'true' : 'false');
      // The Review tab (review.js) shows itself when the viewer may review.
      ui.app.dispatchEvent(new CustomEvent('audit:viewer', { detail: { canReview: facets.viewer.canReview === true } }));
      if (!facets.viewer.isAdmin) {
        return;
      }
      for (const actor of facets.actors) {
        const option = element('option', null, actorName(actor));
        option.value = actor.id;
        ui.user.append(option);
      }
      ui.userField.hidden = false;
    } catch (error) {
      // The list reports the same failure (sign-in required, forbidden) where the user sees it.
      ui.app.setAttribute('data-admin', 'false');
    }
  }

  // Exports what the list shows: the same filters, the same time window.
  function exportCsv() {
    const params = activeFilters.toString();
    const link = document.createElement('a');
    link.href = api + '/export.csv' + (params ? '?' + params : '');
    link.download = '';
    ui.exportButton.setAttribute('data-export-url', link.href);
    document.body.append(link);
    link.click();
    link.remove();
  }

  // Shows only the records a review finding names (the first 100: the API's bound); any filter change leaves it.
  function showEvidence(ids, label) {
    evidenceIds = ids.slice(0, 100);
    const shown = evidenceIds.length < ids.length ? 'the first ' + evidenceIds.length + ' of ' : '';
    ui.evidenceLabel.textContent = 'Showing ' + shown + ids.length + ' evidence record' + (ids.length === 1 ? '' : 's') + (label ? ' of: ' + label : '');
    ui.evidence.hidden = false;
    ui.exportButton.disabled = true;
    load(true);
  }

  function reload() {
    if (evidenceIds) {
      evidenceIds = null;
      ui.evidence.hidden = true;
      ui.exportButton.disabled = false;
      if (window.location.search) {
        window.history.replaceState(null, '', window.location.pathname);
      }
    }
    load(true);
  }

  ui.type.addEventListener('change', reload);
  ui.user.addEventListener('change', reload);
  ui.range.addEventListener('change', () => {
    ui.customRange.hidden = ui.range.value !== 'custom';
    reload();
  });
  ui.from.addEventListener('change', reload);
  ui.to.addEventListener('change', reload);
  ui.search.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(reload, SEARCH_DELAY_MS);
  });
  ui.search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      window.clearTimeout(searchTimer);
      reload();
    }
  });
  ui.loadMore.addEventListener('click', () => load(false));
  ui.exportButton.addEventListener('click', exportCsv);
  ui.evidenceClear.addEventListener('click', reload);
  ui.app.addEventListener('audit:evidence', (event) => showEvidence(event.detail.ids, event.detail.label));

  loadFacets();
  // A finding's evidence link (?evidence=id,id) opened in a tab of its own.
  const linked = new URLSearchParams(window.location.search).get('evidence');
  if (linked) {
    showEvidence(linked.split(',').filter((id) => id.length > 0), null);
  } else {
    load(true);
  }
})();
