// Plenary console, mail template editor: the preview follows the typing. The server renders it (the API's
// preview, with sample data) from the form as it stands, posted with its CSRF token to a small JSON route;
// without JavaScript the "Preview" button does the same with a page load.
'use strict';
(() => {
  const form = document.querySelector('form[data-preview-url]');
  const frame = document.getElementById('preview-html');
  const text = document.getElementById('preview-text');
  const subject = document.getElementById('preview-subject');
  const status = document.getElementById('preview-status');
  const about = document.getElementById('preview-about');
  if (!(form instanceof HTMLFormElement) || !frame || !text || !subject || !status) return;
  const WAIT_MS = 400;
  let timer;
  let latest = 0;

  const show = (message, failed) => {
    status.textContent = message;
    status.classList.toggle('preview-failed', failed);
  };

  const refresh = async () => {
    const request = ++latest;
    const body = new window.URLSearchParams(new window.FormData(form));
    body.delete('action');
    try {
      const response = await window.fetch(form.dataset.previewUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
      });
      if (request !== latest) return; // a later keystroke's preview is on its way
      const result = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
      if (result?.preview) {
        frame.srcdoc = result.preview.html;
        text.textContent = result.preview.text;
        subject.textContent = result.preview.subject;
        if (about) about.textContent = 'Rendered by the server with sample data, as the mail would be sent; it follows your typing.';
        show('', false);
      } else if (result?.errors?.length) {
        show(`The preview shows the last version that rendered. ${result.errors.map((error) => error.summary).join('; ')}`, true);
      } else {
        show('The preview could not be updated (reload the page if this lasts).', true);
      }
    } catch {
      if (request === latest) show('The preview could not be updated (is the connection down?).', true);
    }
  };

  form.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, WAIT_MS);
  });
})();
