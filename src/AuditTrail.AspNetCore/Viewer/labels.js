// How a record reads: action labels, change sentences and actor names, all through the string table.
import { t, has } from './i18n.js';

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

export function humanize(code) {
  return code.replace(/[_.]+/g, ' ').trim();
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Logged in", "Created server" ("server.created"), else the code in words. */
export function actionLabel(action) {
  if (has('action.' + action)) {
    return t('action.' + action);
  }
  const dot = action.lastIndexOf('.');
  if (dot > 0 && has('verb.' + action.slice(dot + 1))) {
    return capitalize(t('verb.' + action.slice(dot + 1), { what: humanize(action.slice(0, dot)) }));
  }
  return capitalize(humanize(action));
}

// Mirrors AuditDescriptions.Describe on the server, for records stored without a description.
export function describeChange(change) {
  const redacted = change.oldValue === '[REDACTED]' || change.newValue === '[REDACTED]';
  if (redacted || (change.oldValue === null && change.newValue === null)) {
    return t('change.changed', { field: change.field });
  }
  if (change.oldValue === null) {
    return t('change.set', { field: change.field, value: change.newValue });
  }
  if (change.newValue === null) {
    return t('change.cleared', { field: change.field, value: change.oldValue });
  }
  return t('change.fromTo', { field: change.field, from: change.oldValue, to: change.newValue });
}

export function actionDetail(record) {
  if (record.description) {
    return record.description;
  }
  return (record.changes || []).map(describeChange).join('; ');
}

export function actorName(actor) {
  if (actor.type === 'System') {
    return t('system');
  }
  return actor.displayName || actor.id;
}

export function initials(name) {
  const words = name.split('@')[0].split(/[\s._-]+/).filter((word) => word.length > 0);
  if (words.length === 0) {
    return '?';
  }
  const first = Array.from(words[0])[0];
  const last = words.length > 1 ? Array.from(words[words.length - 1])[0] : '';
  return (first + last).toUpperCase();
}

export function avatarClass(actor) {
  if (actor.type === 'System') {
    return 'avatar avatar-system';
  }
  let hash = 0;
  for (const ch of actor.id) {
    hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  }
  return 'avatar avatar-' + (hash % 8);
}
