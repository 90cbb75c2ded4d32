import './style.css';
import { get, post } from './api.js';
import { h, mount } from './dom.js';
import { errorText, t, toggleLang } from './i18n.js';
import { loginView, passwordView } from './views/login.js';
import { membersView } from './views/members.js';
import { myVotesView, sessionsView, sessionView } from './views/sessions.js';
import { liveView } from './views/live.js';
import { hallView } from './views/hall.js';
import { readerView } from './views/reader.js';
import { activityView } from './views/activity.js';
import { publicView } from './views/public.js';
import { libraryView } from './views/library.js';
import { startOffline } from './offline.js';
import { councilsView } from './views/councils.js';
import { petitionsView } from './views/petitions.js';
import { myPetitionsView } from './views/my-petitions.js';
import { questionsView } from './views/questions.js';
import { actingIn, can, me, setMe } from './me.js';

const root = document.getElementById('app');
let cleanup = null;
let liveId = null; // the session whose live screen is up: its own addresses (a document read in it) keep it

function home() {
  if (!me()) return '#/login';
  if (can('hall.display')) return '#/hall';
  if (can('petitions.answer')) return '#/petitions'; // an agency's account: the cases sent to it, nothing else
  return can('councils.administer') ? '#/councils' : '#/sessions';
}

function nav() {
  const user = me().user;
  const links = can('live.follow') || can('councils.administer') ? [['#/sessions', t('sessions')]] : [];
  if (can('members.read_all')) links.push(['#/members', t('members')]);
  if (can('polls.vote')) links.push(['#/votes', t('my_votes')]);
  if (can('activity.read')) links.push(['#/activity', t('activity')]);
  if (can('petitions.read') || can('petitions.answer')) links.push(['#/petitions', t('kn_title')]);
  if (can('petitions.own') && !can('petitions.read')) links.push(['#/my-petitions', t('mp_nav')]);
  // questioning: an official's "Chất vấn gửi tôi" beside the petitions sent to their agency
  if (can('questions.read')) links.push(['#/questions', t(can('questions.answer') ? 'qv_nav_official' : 'qv_nav')]);
  if (can('councils.administer') || can('terms.manage')) links.push(['#/councils', t('councils_admin')]);
  return h('header', { class: 'topbar' },
    h('div', { class: 'brand' }, h('span', { class: 'star' }, '★'), h('span', {}, me().council.name)),
    h('nav', {}, links.map(([href, label]) => h('a', { href, class: location.hash.startsWith(href) ? 'on' : '' }, label))),
    h('div', { class: 'who' },
      h('span', { class: 'user', 'data-testid': 'whoami' }, `${user.full_name} · ${t('role_' + user.role)}`),
      h('button', { class: 'link', onclick: () => { toggleLang(); route(true); } }, t('language')),
      h('button', { class: 'link', 'data-testid': 'logout', onclick: logout }, t('logout'))));
}

// The service worker keeps the last answer of /api/auth/me (offline.js): asked again at each login and logout, a
// tablet opened without a network opens as whoever is logged in on it, and as nobody after a logout.
const remember = () => get('/api/auth/me').catch(() => {});

async function logout() {
  await post('/api/auth/logout');
  remember();
  setMe(null);
  location.hash = '#/login';
}

async function route(again = false) {
  const hash = location.hash || '#/';
  const live = hash.match(/^#\/live\/(\d+)/);
  if (!again && live && Number(live[1]) === liveId) return; // the live screen follows these itself
  if (cleanup) { cleanup(); cleanup = null; }
  actingIn(null); // rights scoped to one session (an invitee's) end with its screen
  liveId = null;
  if (hash.startsWith('#/public')) { // the public archive: no login (its own errors are shown in its frame)
    await publicView(root, hash);
    return;
  }
  if (hash === '#/login') {
    mount(root, loginView(async (data) => { setMe(data); remember(); location.hash = home(); }));
    return;
  }
  if (!me()) {
    const data = await get('/api/auth/me');
    if (!data.user) { location.hash = '#/login'; return; }
    setMe(data);
  }
  if (me().user.must_change_password) { // a one-time password: nothing else until the owner chooses one
    mount(root, passwordView((data) => { setMe(data); remember(); location.hash = home(); route(); }));
    return;
  }
  const m = hash.match(/^#\/([\w-]+)(?:\/(\d+))?(?:\/(\d+))?/);
  const [page, id, sub] = m ? [m[1], m[2] && Number(m[2]), m[3] && Number(m[3])] : ['', null, null];
  const ctx = { root, setCleanup: (fn) => { cleanup = fn; } };
  try {
    if (page === 'live' && id) {
      // the hall display and the tablets take the whole screen
      const full = h('main', { class: `live role-${me().user.role}` });
      mount(root, can('hall.display') ? [] : nav(), full);
      await liveView(full, id, ctx);
      liveId = id;
      return;
    }
    if (can('hall.display')) { // the hall display account has no menu: its screen is the display
      const full = h('main', { class: `live role-${me().user.role}` });
      mount(root, full);
      await hallView(full, ctx);
      return;
    }
    if (page === 'read' && id) {
      const main = h('main', { class: 'reader' });
      mount(root, main);
      const at = hash.match(/[?&]page=(\d+)/); // #/read/<doc>?page=N: a search hit's page
      cleanup = await readerView(main, id, sub, { page: at ? Number(at[1]) : undefined });
      return;
    }
    const main = h('main', { class: 'page' });
    mount(root, nav(), main);
    if (page === 'members') await membersView(main, ctx);
    else if (page === 'votes') await myVotesView(main);
    else if (page === 'activity') await activityView(main);
    else if (page === 'councils') await councilsView(main);
    else if (page === 'sessions' && id) await sessionView(main, id, ctx);
    else if (page === 'docs' && id) await libraryView(main, id);
    else if (page === 'my-petitions') await myPetitionsView(main, id);
    else if (page === 'questions') await questionsView(main);
    else if (page === 'petitions' || home() === '#/petitions') await petitionsView(main, id);
    else await sessionsView(main, ctx);
  } catch (err) {
    if (err.status === 401) { setMe(null); location.hash = '#/login'; return; }
    mount(root, nav(), h('main', { class: 'page' }, h('p', { class: 'error' }, errorText(err))));
  }
}

window.addEventListener('hashchange', route);
startOffline().catch(() => {});
route();
