// One table row per record. Every value from the API is set with textContent: markup in a user agent or a
// resource name shows as text, and its bidi controls as visible [U+202E] (shown). A row is selectable (click or Enter) and opens the details panel.
import { t } from './i18n.js';
import { friendlyTime, exactTime } from './format.js';
import { element, shown, humanize, actionLabel, actionDetail, actorName, initials, avatarClass } from './labels.js';

export function renderRow(record, now) {
  const failed = record.outcome === 'Failure';
  const row = element('tr', failed ? 'row failure' : 'row');
  row.setAttribute('data-testid', 'audit-row');
  row.setAttribute('data-event-id', record.id);
  row.setAttribute('data-outcome', record.outcome);
  row.setAttribute('data-action', record.action);
  row.setAttribute('data-action-type', record.actionType);
  row.setAttribute('data-actor-id', record.actor.id);
  row.setAttribute('data-target-user-id', record.targetUser ? record.targetUser.id : '');
  row.setAttribute('data-resource-type', record.resource ? record.resource.type : '');
  row.setAttribute('data-resource-id', record.resource && record.resource.id ? record.resource.id : '');
  row.setAttribute('data-source-ip', record.sourceIp || '');
  // The row itself is the control: in the tab order, opened with Enter or a click (aria-current marks the open one).
  row.tabIndex = 0;

  const userCell = element('td', 'cell-user');
  userCell.setAttribute('data-testid', 'audit-cell-user');
  const name = actorName(record.actor);
  const avatar = element('span', avatarClass(record.actor), record.actor.type === 'System' ? 'S' : initials(name));
  avatar.setAttribute('aria-hidden', 'true');
  const userName = element('span', 'user-name', name);
  userName.title = shown(record.actor.id);
  userCell.append(avatar, userName);

  const actionCell = element('td', 'cell-action');
  actionCell.setAttribute('data-testid', 'audit-cell-action');
  const label = element('div', 'action-label', actionLabel(record.action));
  label.title = shown(record.action);
  if (failed) {
    const badge = element('span', 'badge-failed', t('failed'));
    badge.setAttribute('data-testid', 'audit-failed');
    label.append(' ', badge);
  }
  actionCell.append(label);
  const detail = actionDetail(record);
  if (detail) {
    actionCell.append(element('div', 'action-detail', detail));
  }
  if (failed && record.failureReason) {
    actionCell.append(element('div', 'action-reason', shown(record.failureReason)));
  }
  const target = record.targetUser;
  const resourceIsTarget = target && record.resource && record.resource.type === 'user' && record.resource.id === target.id;
  if (target && !resourceIsTarget) {
    const targetLine = element('div', 'action-target', t('affectedUser', { name: shown(target.displayName || target.id) }));
    targetLine.setAttribute('data-testid', 'audit-target-user');
    actionCell.append(targetLine);
  }

  const resourceCell = element('td', 'cell-resource');
  resourceCell.setAttribute('data-testid', 'audit-cell-resource');
  if (record.resource) {
    resourceCell.append(element('div', 'resource-name', shown(record.resource.name || record.resource.id || record.resource.type)));
    if (record.resource.name || record.resource.id) {
      resourceCell.append(element('div', 'resource-type', humanize(record.resource.type)));
    }
  } else {
    resourceCell.append(element('span', 'none', '\u2014'));
  }

  const ipCell = element('td', 'cell-ip', shown(record.sourceIp) || '\u2014');
  ipCell.setAttribute('data-testid', 'audit-cell-ip');

  const timeCell = element('td', 'cell-time');
  timeCell.setAttribute('data-testid', 'audit-cell-time');
  const occurred = new Date(record.occurredAt);
  const time = element('time', null, friendlyTime(occurred, now));
  time.dateTime = record.occurredAt;
  time.title = exactTime(occurred);
  timeCell.append(time);

  row.append(userCell, actionCell, resourceCell, ipCell, timeCell);
  return row;
}

/** A click or Enter (or Space) on a row opens it; the arrow keys move between rows. */
export function attachRowHandlers(tbody, open) {
  const rowOf = (event) => event.target.closest('[data-testid=audit-row]');
  tbody.addEventListener('click', (event) => {
    const row = rowOf(event);
    if (row && !window.getSelection().toString()) {
      open(row);
    }
  });
  tbody.addEventListener('keydown', (event) => {
    const row = rowOf(event);
    if (!row) {
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(row);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
      if (next) {
        next.focus();
      }
    }
  });
}
