// An in-page confirmation for what cannot be undone: a modal <dialog> that says what will happen, with a
// large button to go ahead and one to go back (Esc goes back). `input` asks for a line of text too.
import './styles/confirm.css';
import { h } from './dom.js';
import { t } from './i18n.js';

/** Resolves to false when the person goes back; true (or the text typed, with `input`) when they go ahead. */
export function ask({ title, text = '', ok, danger = false, grave = false, input = null }) {
  return new Promise((resolve) => {
    const field = input ? h('input', { class: 'ask-input', maxlength: input.maxlength || 300, placeholder: input.placeholder || '',
      'aria-label': input.label || title, 'data-testid': 'ask-input' }) : null;
    const done = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    const go = h('button', { class: danger ? 'danger-solid' : 'primary', 'data-testid': 'ask-ok', autofocus: !field,
      onclick: () => done(field ? field.value.trim() : true) }, ok);
    const dialog = h('dialog', { class: `ask${grave ? ' grave' : ''}`, 'data-testid': 'ask', 'aria-labelledby': 'ask-title' },
      h('h2', { id: 'ask-title' }, title),
      text ? h('p', { class: 'ask-text' }, text) : null,
      field,
      h('div', { class: 'ask-actions' },
        h('button', { 'data-testid': 'ask-cancel', onclick: () => done(false) }, t('go_back')), go));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    if (field) field.addEventListener('keydown', (e) => { if (e.key === 'Enter') go.click(); });
    document.body.append(dialog);
    dialog.showModal();
    (field || go).focus();
  });
}
