// Plenary console: small enhancements only; every action also works without JavaScript.
'use strict';
document.addEventListener('submit', (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener('change', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.selectAll) return;
  for (const item of document.querySelectorAll(`input[type="checkbox"][name="${box.dataset.selectAll}"]`)) item.checked = box.checked;
});
// A form that asked (data-confirm) and was answered yes says so in its data-confirmed field, so the server skips its confirmation page.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
  const confirmed = form.querySelector('input[data-confirmed]');
  if (confirmed instanceof HTMLInputElement) confirmed.value = 'yes';
});

/* ---- Delegations screens (issue 16): copy a link, one submit per form, the fields of a delegation's kind ---- */
// "Copy link": the button is hidden without JavaScript (the read-only text stays selectable).
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', () => {
    const source = document.getElementById(button.dataset.copy);
    const status = button.closest('.field')?.querySelector('[data-copy-status]');
    if (!(source instanceof HTMLInputElement)) return;
    source.select();
    const done = (text) => {
      if (status) status.textContent = text;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(
        () => done('Link copied.'),
        () => done('Select the link and copy it.'),
      );
    } else {
      done(document.execCommand('copy') ? 'Link copied.' : 'Select the link and copy it.');
    }
  });
}
// A form marked data-submit-once sends once: a double click does not post it twice (the server refuses a repeat anyway).
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-submit-once') || event.defaultPrevented) return;
  if (form.dataset.submitted) event.preventDefault();
  form.dataset.submitted = 'yes';
});
// The add-delegation form shows the country or the organisation field, as the chosen kind needs.
for (const kind of document.querySelectorAll('select[name="kind"]')) {
  const form = kind.form;
  if (!form || !form.querySelector('[data-kind-for]')) continue;
  const show = () => {
    for (const part of form.querySelectorAll('[data-kind-for]')) part.hidden = part.dataset.kindFor !== kind.value && kind.value !== '';
  };
  kind.addEventListener('change', show);
  show();
}
