// JSON over fetch with the CSRF token the server hands out; errors carry the server's bilingual message.
let csrf = null;
const kept = new WeakMap(); // answers the service worker gave from its copy (offline): when it kept them

export class ApiError extends Error {
  constructor(status, data) {
    super(data?.error?.message_en || `HTTP ${status}`);
    this.status = status;
    this.data = data;
  }
}

export async function api(method, path, body, { form } = {}) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf || '';
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const resp = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const data = await resp.json().catch(() => ({}));
  if (data && data.csrf_token) csrf = data.csrf_token;
  if (!resp.ok) throw new ApiError(resp.status, data);
  const at = resp.headers.get('X-Kyhop-Saved-At');
  if (at && data && typeof data === 'object') kept.set(data, at);
  return data;
}

/** When the service worker kept the copy it answered with (no network), as an ISO time; null for a fresh answer. */
export const savedAt = (data) => kept.get(data) || null;

window.kyhopCsrf = () => csrf; // for uploads sent with XMLHttpRequest (progress)

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const put = (path, body) => api('PUT', path, body ?? {});
export const patch = (path, body) => api('PATCH', path, body ?? {});
export const del = (path) => api('DELETE', path);
