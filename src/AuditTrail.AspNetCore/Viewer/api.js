// Reads from the viewer's JSON API ({base}/api), same origin, with the API's problem details as error messages.
import { t } from './i18n.js';

/** The API's address from the viewer's element (data-base: the path the page is served under). */
export function apiBase(app) {
  return (app.getAttribute('data-base') || '') + '/api';
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
    throw new Error(t('error.signIn'));
  }
  const detail = problem && (problem.detail || problem.title);
  throw new Error(detail || t('error.http', { status: response.status }));
}

export function getJson(api, path) {
  return fetch(api + path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(readJson);
}
