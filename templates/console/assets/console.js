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
