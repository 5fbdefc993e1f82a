// The Review tab of the AuditTrail viewer: the findings of api/review, most severe first, each linking to its
// evidence records in the log view. A module of its own, like viewer.js, so the page's Content-Security-Policy can
// forbid inline script; every value from the API is rendered with textContent, every label comes from strings.js.
import { t, has, plural } from './i18n.js';
import { exactTime, friendlyTime } from './format.js';
import { element, shown } from './labels.js';
import { apiBase } from './api.js';

const RANGES = { '24h': 24 * 3600 * 1000, '7d': 7 * 24 * 3600 * 1000, '30d': 30 * 24 * 3600 * 1000 };
const SEVERITIES = ['Critical', 'High', 'Medium', 'Low'];

const byId = (id) => document.getElementById(id);
const ui = {
  app: byId('audit-app'),
  tabs: byId('audit-tabs'),
  logTab: byId('audit-tab-log'),
  reviewTab: byId('audit-tab-review'),
  logPanel: byId('audit-log-panel'),
  reviewPanel: byId('audit-review-panel'),
  range: byId('audit-review-range'),
  markdown: byId('audit-review-md'),
  csv: byId('audit-review-csv'),
  status: byId('audit-review-status'),
  groups: byId('audit-review-groups'),
  empty: byId('audit-review-empty')
};
const api = apiBase(ui.app);
const tabs = [ui.logTab, ui.reviewTab];

let generation = 0;
let loaded = false;

function detectorLabel(detector) {
  if (has('detector.' + detector)) {
    return t('detector.' + detector);
  }
  const text = detector.replace(/[_.]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function timeElement(iso) {
  const date = new Date(iso);
  const node = element('time', null, friendlyTime(date, new Date()));
  node.dateTime = iso;
  node.title = exactTime(date);
  return node;
}

function setStatus(message, isError) {
  ui.status.textContent = message || '';
  ui.status.hidden = !message;
  ui.status.classList.toggle('error', Boolean(isError));
}

// The page's own address with ?evidence=: the link works in a new tab too; a plain click stays on this page.
function evidenceHref(ids) {
  return window.location.pathname + '?evidence=' + encodeURIComponent(ids.join(','));
}

function renderFinding(finding) {
  const item = element('li', 'finding severity-' + finding.severity.toLowerCase());
  item.setAttribute('data-testid', 'audit-finding');
  item.setAttribute('data-finding-id', finding.id);
  item.setAttribute('data-detector', finding.detector);
  item.setAttribute('data-severity', finding.severity);

  const head = element('div', 'finding-head');
  const badge = element('span', 'severity-badge', t('severity.' + finding.severity));
  badge.setAttribute('data-testid', 'audit-finding-severity');
  const summary = element('span', 'finding-summary', shown(finding.summary));
  summary.setAttribute('data-testid', 'audit-finding-summary');
  head.append(badge, ' ', summary);

  const meta = element('div', 'finding-meta');
  meta.append(element('span', 'finding-detector', detectorLabel(finding.detector)));
  if (finding.actorId) {
    meta.append(' \u00b7 ', element('span', 'finding-actor', shown(finding.actorId)));
  }
  if (finding.sourceIp) {
    meta.append(' \u00b7 ', element('span', 'finding-ip', shown(finding.sourceIp)));
  }
  if (finding.tenantId) {
    meta.append(' \u00b7 ', element('span', 'finding-tenant', t('review.tenant', { tenant: shown(finding.tenantId) })));
  }
  meta.append(' \u00b7 ', timeElement(finding.start));
  if (finding.end !== finding.start) {
    meta.append(' \u2013 ', timeElement(finding.end));
  }

  item.append(head, meta);
  const ids = finding.evidenceIds || [];
  if (ids.length > 0) {
    const link = element('a', 'finding-evidence', plural('review.evidence', ids.length));
    link.href = evidenceHref(ids);
    link.setAttribute('data-testid', 'audit-finding-evidence');
    link.addEventListener('click', (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return;
      }
      event.preventDefault();
      select(ui.logTab, false);
      ui.app.dispatchEvent(new CustomEvent('audit:evidence', { detail: { ids: ids, label: shown(finding.summary) } }));
    });
    item.append(link);
  }
  return item;
}

function render(report) {
  ui.groups.replaceChildren();
  for (const severity of SEVERITIES) {
    const findings = report.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) {
      continue;
    }
    const group = element('section', 'review-group');
    group.setAttribute('data-testid', 'audit-review-group');
    group.setAttribute('data-severity', severity);
    const heading = element('h2', 'review-group-title', t('review.group', { severity: t('severity.' + severity), count: findings.length }));
    const list = element('ul', 'findings');
    list.append(...findings.map(renderFinding));
    group.append(heading, list);
    ui.groups.append(group);
  }
  ui.empty.hidden = report.findings.length > 0;
}

async function load() {
  generation += 1;
  const current = generation;
  const to = new Date();
  const from = new Date(to.getTime() - RANGES[ui.range.value]);
  const params = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() }).toString();
  ui.markdown.href = api + '/review.md?' + params;
  ui.csv.href = api + '/review.csv?' + params;
  ui.empty.hidden = true;
  ui.reviewPanel.setAttribute('data-state', 'loading');
  setStatus(t('review.loading'), false);
  try {
    const response = await fetch(api + '/review?' + params, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await response.json();
    } catch (ignored) {
      body = null;
    }
    if (current !== generation) {
      return;
    }
    if (!response.ok) {
      throw new Error((body && (body.detail || body.title)) || t('review.error', { status: response.status }));
    }
    render(body);
    setStatus('', false);
    ui.reviewPanel.setAttribute('data-state', 'ready');
  } catch (error) {
    if (current !== generation) {
      return;
    }
    ui.groups.replaceChildren();
    setStatus(error.message, true);
    ui.reviewPanel.setAttribute('data-state', 'error');
  }
}

// WAI-ARIA tabs: the selected tab is the one in the tab order; arrow keys, Home and End move between them.
function select(tab, focus) {
  for (const each of tabs) {
    const selected = each === tab;
    each.setAttribute('aria-selected', selected ? 'true' : 'false');
    each.tabIndex = selected ? 0 : -1;
  }
  const review = tab === ui.reviewTab;
  ui.logPanel.hidden = review;
  ui.reviewPanel.hidden = !review;
  ui.app.dispatchEvent(new CustomEvent('audit:tab', { detail: { review: review } }));
  if (focus) {
    tab.focus();
  }
  if (review && !loaded) {
    loaded = true;
    load();
  }
}

for (const tab of tabs) {
  tab.addEventListener('click', () => select(tab, false));
  tab.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) {
      return;
    }
    event.preventDefault();
    select(tabs[(next + tabs.length) % tabs.length], true);
  });
}
ui.range.addEventListener('change', load);
ui.app.addEventListener('audit:viewer', (event) => {
  ui.tabs.hidden = !event.detail.canReview;
});
