// Looks strings up in the one table (strings.js), merged with the host's JSON block, in the browser's language.
import { STRINGS } from './strings.js';

const table = mergeHostStrings(STRINGS);

function mergeHostStrings(builtIn) {
  const merged = {};
  for (const [language, strings] of Object.entries(builtIn)) {
    merged[language] = Object.assign({}, strings);
  }
  const block = document.getElementById('audit-trail-strings');
  if (!block) {
    return merged;
  }
  try {
    const host = JSON.parse(block.textContent || '{}');
    for (const [language, strings] of Object.entries(host)) {
      merged[language.toLowerCase()] = Object.assign(merged[language.toLowerCase()] || {}, strings);
    }
  } catch (error) {
    console.error('audit-trail-strings is not valid JSON; the built-in strings are used.', error);
  }
  return merged;
}

// The first of the browser's languages the table has, exactly ("pt-br") or by its language ("de" for "de-AT").
function pickLanguage() {
  const wanted = navigator.languages && navigator.languages.length > 0 ? navigator.languages : [navigator.language || 'en'];
  for (const tag of wanted) {
    const lower = String(tag).toLowerCase();
    if (table[lower]) {
      return lower;
    }
    const primary = lower.split('-')[0];
    if (table[primary]) {
      return primary;
    }
  }
  return 'en';
}

/** The language of the strings shown, a key of the table. */
export const language = pickLanguage();

/** The locale for dates and numbers: the browser's own (en-GB keeps its day-month order), if it speaks the language shown. */
export const locale = (navigator.languages || [navigator.language || 'en'])
  .find((tag) => String(tag).toLowerCase().split('-')[0] === language.split('-')[0]) || language;

const plurals = new Intl.PluralRules(locale);

/** The string for <paramref>key</paramref> with "{name}" replaced by vars.name; English when the language lacks it. */
export function t(key, vars) {
  let text = table[language][key];
  if (text === undefined) {
    text = table.en[key];
  }
  if (text === undefined) {
    return key;
  }
  if (!vars) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole));
}

/** Whether the table has a string for this key (action and detector labels fall back to a humanized code). */
export function has(key) {
  return table[language][key] !== undefined || table.en[key] !== undefined;
}

/** A plural string: key + ".one" or ".other" by the language's rules, with {count} formatted as a number. */
export function plural(key, count, vars) {
  const form = plurals.select(count) === 'one' ? 'one' : 'other';
  return t(key + '.' + form, Object.assign({ count: new Intl.NumberFormat(locale).format(count) }, vars || {}));
}

/**
 * Fills the markup's strings: data-i18n (text), data-i18n-placeholder, data-i18n-aria-label and data-i18n-title,
 * and sets the viewer's lang attribute to the language shown.
 */
export function applyStrings(rootElement) {
  rootElement.setAttribute('lang', language);
  for (const node of rootElement.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.getAttribute('data-i18n'));
  }
  for (const [attribute, target] of [['data-i18n-placeholder', 'placeholder'], ['data-i18n-aria-label', 'aria-label'], ['data-i18n-title', 'title']]) {
    for (const node of rootElement.querySelectorAll('[' + attribute + ']')) {
      node.setAttribute(target, t(node.getAttribute(attribute)));
    }
  }
}
