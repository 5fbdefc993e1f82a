// The details panel: every field of one record. Opened from a row (click or Enter), it takes the focus; Escape or
// the close button closes it and gives the focus back to the row.
import { t } from './i18n.js';
import { exactTime } from './format.js';
import { element, shown, humanize, actionLabel, actorName } from './labels.js';

const panel = document.getElementById('audit-details');
const body = document.getElementById('audit-details-body');
const heading = document.getElementById('audit-details-title');
const closeButton = document.getElementById('audit-details-close');
let returnFocus = null;
let onClose = null;

function field(list, key, value, testId) {
  if (value === undefined || value === null || value === '') {
    return null;
  }
  const term = element('dt', null, t(key));
  const description = element('dd');
  description.setAttribute('data-testid', 'audit-detail-' + testId);
  if (value instanceof Node) {
    description.append(value);
  } else {
    description.textContent = shown(value);
  }
  list.append(term, description);
  return description;
}

function timeNode(iso) {
  const node = element('time', null, exactTime(new Date(iso)));
  node.dateTime = iso;
  return node;
}

function link(text, href, testId, navigate) {
  const anchor = element('a', 'details-link', text);
  anchor.href = href;
  anchor.setAttribute('data-testid', testId);
  anchor.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return;
    }
    event.preventDefault();
    navigate();
  });
  return anchor;
}

function table(caption, headers, rows, testId) {
  const node = element('table', 'details-table');
  node.setAttribute('data-testid', testId);
  node.append(element('caption', null, caption));
  const head = element('tr');
  for (const header of headers) {
    const cell = element('th', null, header);
    cell.scope = 'col';
    head.append(cell);
  }
  const thead = element('thead');
  thead.append(head);
  const tbody = element('tbody');
  for (const values of rows) {
    const row = element('tr');
    values.forEach((value, index) => {
      const cell = element(index === 0 ? 'th' : 'td', value === null ? 'none' : null, value === null ? '\u2014' : shown(value));
      if (index === 0) {
        cell.scope = 'row';
      }
      row.append(cell);
    });
    tbody.append(row);
  }
  node.append(thead, tbody);
  return node;
}

/**
 * Shows <paramref>record</paramref>. <paramref>links</paramref> builds the filter links: { correlation(id), targetUser(id), resource(type, id) },
 * each returning { href, go } for the address and the in-page navigation. The panel takes the focus unless
 * <paramref>takeFocus</paramref> is false (the record drawn again in another time zone: the focus stays on the zone).
 */
export function openDetails(record, links, from, closed, takeFocus = true) {
  returnFocus = from || null;
  onClose = closed || null;
  heading.textContent = actionLabel(record.action);
  panel.setAttribute('data-event-id', record.id);
  const list = element('dl', 'details-fields');
  field(list, 'details.when', timeNode(record.occurredAt), 'occurred');
  field(list, 'details.recordedAt', timeNode(record.recordedAt), 'recorded');
  field(list, 'details.actor', actorName(record.actor) + (record.actor.displayName ? ' (' + shown(record.actor.id) + ')' : '') + ' \u00b7 ' + record.actor.type, 'actor');
  field(list, 'details.action', record.action + ' \u00b7 ' + record.actionType, 'action');
  field(list, 'details.outcome', t('outcome.' + record.outcome), 'outcome');
  field(list, 'details.reason', record.failureReason, 'reason');
  field(list, 'details.description', record.description, 'description');
  if (record.resource) {
    const resourceNode = element('span');
    resourceNode.append(humanize(record.resource.type) + (record.resource.id ? ' ' + shown(record.resource.id) : '') + (record.resource.name ? ' (' + shown(record.resource.name) + ')' : ''));
    if (record.resource.id) {
      const target = links.resource(record.resource.type, record.resource.id);
      resourceNode.append(' ', link(t('details.resourceHistory'), target.href, 'audit-detail-resource-link', target.go));
    }
    field(list, 'details.resource', resourceNode, 'resource');
  }
  if (record.targetUser) {
    const targetNode = element('span');
    const about = links.targetUser(record.targetUser.id);
    targetNode.append(shown(record.targetUser.displayName ? record.targetUser.displayName + ' (' + record.targetUser.id + ')' : record.targetUser.id),
      ' ', link(t('details.targetHistory'), about.href, 'audit-detail-target-link', about.go));
    field(list, 'details.target', targetNode, 'target');
  }
  field(list, 'details.ip', record.sourceIp, 'ip');
  field(list, 'details.userAgent', record.userAgent, 'user-agent');
  if (record.correlationId) {
    const correlation = element('span');
    const target = links.correlation(record.correlationId);
    correlation.append(element('code', null, shown(record.correlationId)), ' ', link(t('details.correlationLink'), target.href, 'audit-detail-correlation-link', target.go));
    field(list, 'details.correlation', correlation, 'correlation');
  }
  field(list, 'details.tenant', record.tenantId, 'tenant');
  field(list, 'details.id', record.id, 'id');
  // Only an admin of every tenant gets the chain position from the API (api/events/{id}); nobody else's record has it.
  if (record.chain) {
    field(list, 'details.chain', String(record.chain.sequence), 'chain');
    field(list, 'details.hash', element('code', null, record.chain.hash), 'hash');
  }

  const parts = [list];
  const changes = record.changes || [];
  if (changes.length > 0) {
    parts.push(table(t('details.changes'), [t('details.field'), t('details.before'), t('details.after')],
      changes.map((change) => [change.field, change.oldValue, change.newValue]), 'audit-detail-changes'));
  }
  const metadata = Object.entries(record.metadata || {});
  if (metadata.length > 0) {
    parts.push(table(t('details.metadata'), [t('details.key'), t('details.value')], metadata, 'audit-detail-metadata'));
  }
  body.replaceChildren(...parts);
  panel.hidden = false;
  if (takeFocus) {
    heading.focus();
  }
}

export function showMissing(from, closed, takeFocus = true) {
  returnFocus = from || null;
  onClose = closed || null;
  heading.textContent = t('details');
  panel.removeAttribute('data-event-id');
  body.replaceChildren(element('p', 'status error', t('details.notFound')));
  panel.hidden = false;
  if (takeFocus) {
    heading.focus();
  }
}

/**
 * Closes the panel; the focus goes back to the row it was opened from, if that row is still on screen. The opener
 * hears of it (to update the address) unless <paramref>notify</paramref> is false: the view is changing anyway.
 */
export function closeDetails(restoreFocus, notify) {
  if (panel.hidden) {
    return;
  }
  panel.hidden = true;
  panel.removeAttribute('data-event-id');
  body.replaceChildren();
  const callback = onClose;
  onClose = null;
  if (restoreFocus !== false && returnFocus && returnFocus.isConnected) {
    returnFocus.focus();
  }
  returnFocus = null;
  if (callback && notify !== false) {
    callback();
  }
}

closeButton.addEventListener('click', () => closeDetails(true));
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !panel.hidden) {
    event.preventDefault();
    closeDetails(true);
  }
});
