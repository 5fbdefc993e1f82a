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

// Explicit bidi embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069). Kept in a stored value
// (the store keeps what was logged), one of them would reorder the text after it, the viewer's own words and links
// included, so that "db\u202Egnp.exe" reads "dbexe.png": the viewer shows each as a visible [U+202E] instead.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** A recorded value as the viewer shows it: the value as text, with its bidi controls made visible. */
export function shown(value) {
  if (value === undefined || value === null) {
    return value;
  }
  return String(value).replace(BIDI_CONTROLS, (control) => '[U+' + control.codePointAt(0).toString(16).toUpperCase() + ']');
}

export function humanize(code) {
  return shown(code).replace(/[_.]+/g, ' ').trim();
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
    return shown(record.description);
  }
  return (record.changes || []).map((change) => describeChange({ field: shown(change.field), oldValue: shown(change.oldValue), newValue: shown(change.newValue) })).join('; ');
}

export function actorName(actor) {
  if (actor.type === 'System') {
    return t('system');
  }
  return shown(actor.displayName || actor.id);
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
