import { get, post } from '../api.js';
import { formData, h } from '../dom.js';
import { errorText, t, toggleLang } from '../i18n.js';

export function loginView(onLoggedIn) {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card login', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await get('/api/auth/me'); // obtains a CSRF token for this browser session
      onLoggedIn(await post('/api/auth/login', formData(form)));
    } catch (err) {
      error.textContent = errorText(err);
    }
  } },
  h('div', { class: 'emblem' }, '★'),
  h('h1', {}, t('app')),
  h('label', {}, t('username'), h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none' })),
  h('label', {}, t('password'), h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
  error,
  h('button', { class: 'primary big', type: 'submit' }, t('login')),
  h('button', { class: 'link', type: 'button', onclick: () => { toggleLang(); location.reload(); } }, t('language')),
  h('a', { href: '#/public', 'data-testid': 'public-link' }, t('public_archive')));
  return h('main', { class: 'center' }, form);
}

// After a password reset the login is good for this only: the owner chooses their own password.
export function passwordView(onChanged) {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card login', 'data-testid': 'password-form', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    const data = formData(form);
    if (data.new_password !== data.repeat) { error.textContent = t('passwords_differ'); return; }
    try {
      onChanged(await post('/api/auth/password', { current_password: data.current_password, new_password: data.new_password }));
    } catch (err) {
      error.textContent = errorText(err);
    }
  } },
  h('h1', {}, t('choose_password')),
  h('p', { class: 'hint' }, t('choose_password_why')),
  h('label', {}, t('current_password'), h('input', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true })),
  h('label', {}, t('new_password'), h('input', { name: 'new_password', type: 'password', autocomplete: 'new-password', required: true, minlength: 8 })),
  h('label', {}, t('repeat_password'), h('input', { name: 'repeat', type: 'password', autocomplete: 'new-password', required: true, minlength: 8 })),
  error,
  h('button', { class: 'primary big', type: 'submit' }, t('save_password')));
  return h('main', { class: 'center' }, form);
}
