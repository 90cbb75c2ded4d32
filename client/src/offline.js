// Offline reading: the service worker keeps the app and the session's documents on the tablet.
import pdfWorkerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

let registration = null;
const listeners = new Set();

export async function startOffline() {
  // Service workers need a secure context: https, or http://localhost
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return false;
  registration = await navigator.serviceWorker.register('/sw.js');
  navigator.serviceWorker.addEventListener('message', (e) => {
    if (e.data?.type === 'sync-progress') listeners.forEach((fn) => fn(e.data));
  });
  // the app itself: this page's hashed assets (loaded before the worker was in control) and the PDF worker
  const shell = ['/', pdfWorkerUrl, ...[...document.querySelectorAll('script[src], link[rel=stylesheet], link[rel=modulepreload]')]
    .map((el) => new URL(el.src || el.href).pathname)];
  (await navigator.serviceWorker.ready).active?.postMessage({ type: 'shell', urls: shell });
  return true;
}

export async function syncDocuments(urls, dataUrls, onProgress) {
  if (!registration) return;
  listeners.clear();
  listeners.add(onProgress);
  const sw = (await navigator.serviceWorker.ready).active;
  sw?.postMessage({ type: 'sync', urls, data: dataUrls });
}

/** The copy the service worker keeps of a GET answer (parsed JSON), or null: a page compares it with what it lists
 * to fetch only what changed. */
export async function keptCopy(path) {
  if (!('caches' in window)) return null;
  try {
    const hit = await caches.match(path);
    return hit ? await hit.json() : null;
  } catch {
    return null;
  }
}
