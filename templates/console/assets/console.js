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
