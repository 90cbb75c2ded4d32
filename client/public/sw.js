// kyhop service worker: the app shell and a session's documents stay readable without a network.
// Document version URLs never change content for a reader (a revision is a new version number), so
// they are cached once and served from the cache, with byte ranges for pdf.js.
const SHELL = 'kyhop-shell-v1';
const DOCS = 'kyhop-docs-v1';
const DATA = 'kyhop-data-v1';
const DOC_FILE = /^\/api\/documents\/\d+\/versions\/\d+\/file$/;
const DATA_URLS = [/^\/api\/auth\/me$/, /^\/api\/sessions(\/\d+(\/(live|documents|polls))?)?$/, /^\/api\/documents\/\d+$/,
  /^\/api\/me\/sessions\/\d+\/unopened-revisions$/, // the revisions this reader has not opened: marked offline too
  /^\/api\/documents\/\d+\/versions\/\d+\/changes$/]; // a revision's changes: read offline too
// by path and query: a delegate's petitions (the list of their constituency's, page by page, and each case) and
// the voter meetings they may enter petitions for; the office's filtered lists are not kept
const DATA_QUERIES = [/^\/api\/petitions(\?mine=1&page=\d+|\/\d+)$/, /^\/api\/voter-meetings$/];

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (DOC_FILE.test(url.pathname)) event.respondWith(documentFile(req));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(SHELL, req));
  else if (url.pathname === '/' || url.pathname === '/favicon.svg') event.respondWith(networkFirst(SHELL, req));
  else if (DATA_URLS.some((re) => re.test(url.pathname)) || DATA_QUERIES.some((re) => re.test(url.pathname + url.search))) {
    event.respondWith(networkFirst(DATA, req));
  }
});

async function cacheFirst(name, req) {
  const hit = await caches.match(req);
  if (hit) return hit;
  const resp = await fetch(req);
  if (resp.ok) (await caches.open(name)).put(req, resp.clone());
  return resp;
}

// A data answer is kept with the time it was kept: served offline, the page says how old it is (api.js savedAt).
async function keep(cache, key, resp) {
  const headers = new Headers(resp.headers);
  headers.set('X-Kyhop-Saved-At', new Date().toISOString());
  await cache.put(key, new Response(await resp.blob(), { status: resp.status, statusText: resp.statusText, headers }));
}

async function networkFirst(name, req) {
  try {
    const resp = await fetch(req);
    if (resp.ok) await keep(await caches.open(name), req, resp.clone());
    return resp;
  } catch (err) {
    const hit = await caches.match(req);
    if (hit) return hit;
    throw err;
  }
}

async function documentFile(req) {
  const cache = await caches.open(DOCS);
  const key = new Request(new URL(req.url).pathname);
  let full = await cache.match(key);
  if (!full) {
    const range = req.headers.get('Range');
    if (range) {
      try { return await fetch(req); } catch { /* offline and not cached: fall through to the error below */ }
      return new Response('', { status: 504 });
    }
    const resp = await fetch(req, { credentials: 'same-origin' });
    if (resp.status === 200) await cache.put(key, resp.clone());
    return resp;
  }
  const range = req.headers.get('Range');
  if (!range) return full;
  const blob = await full.blob();
  const m = /bytes=(\d*)-(\d*)/.exec(range);
  let start = m && m[1] ? Number(m[1]) : 0;
  let end = m && m[2] ? Number(m[2]) : blob.size - 1;
  if (m && !m[1] && m[2]) { start = blob.size - Number(m[2]); end = blob.size - 1; }
  end = Math.min(end, blob.size - 1);
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: { 'Content-Type': 'application/pdf', 'Content-Range': `bytes ${start}-${end}/${blob.size}`,
      'Content-Length': String(end - start + 1), 'Accept-Ranges': 'bytes' },
  });
}

// The page sends the URLs of a session's current documents; fetch the missing ones, report progress.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'shell') {
    event.waitUntil(caches.open(SHELL).then((c) => Promise.all(event.data.urls.map((u) => c.add(u).catch(() => {})))));
    return;
  }
  if (event.data?.type !== 'sync') return;
  event.waitUntil(sync(event.data.urls, event.data.data || [], event.source));
});

async function sync(urls, dataUrls, client) {
  const data = await caches.open(DATA);
  await Promise.all(dataUrls.map(async (url) => {  // metadata: always refreshed
    try {
      const resp = await fetch(url, { credentials: 'same-origin' });
      if (resp.ok) await keep(data, url, resp);
    } catch { /* offline: keep the older copy */ }
  }));
  const cache = await caches.open(DOCS);
  let done = 0;
  const report = () => client?.postMessage({ type: 'sync-progress', done, total: urls.length });
  for (const url of urls) {
    if (!(await cache.match(url))) {
      try {
        const resp = await fetch(url, { credentials: 'same-origin' });
        if (resp.status === 200) await cache.put(url, resp);
      } catch { report(); continue; }
    }
    if (await cache.match(url)) done += 1;
    report();
  }
  report();
}
