// Outcome document editor (issue 17): refreshes the preview as the text changes. The preview is rendered and
// sanitised by the server, as the public page renders it; without JavaScript the "Preview" button does the same.
'use strict';
for (const form of document.querySelectorAll('form[data-outcome-editor]')) {
  const source = form.querySelector('textarea[name="body"]');
  const target = form.querySelector('[data-preview]');
  const status = form.querySelector('[data-preview-status]');
  const csrf = form.querySelector('input[name="_csrf"]');
  const url = form.dataset.previewUrl;
  if (!source || !target || !csrf || !url) continue;
  let timer = null;
  let asked = 0;
  const refresh = async () => {
    const ticket = ++asked;
    try {
      const response = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ _csrf: csrf.value, body: source.value }).toString(),
      });
      if (!response.ok) throw new Error(String(response.status));
      const { html } = await response.json();
      // Only the newest answer is shown, so a slow early request cannot overwrite a later preview.
      if (ticket !== asked) return;
      target.innerHTML = html;
      target.dataset.previewFresh = 'yes';
      if (status) status.textContent = '';
    } catch {
      if (ticket === asked && status) status.textContent = 'The preview could not be updated; use the Preview button.';
    }
  };
  source.addEventListener('input', () => {
    delete target.dataset.previewFresh;
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
}
