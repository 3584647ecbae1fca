// Plenary console, the mailing page: polls the mailing's progress and updates the bar, the counts and the
// failed recipients in place. Without JavaScript the page shows the counts of when it was loaded.
'use strict';
(() => {
  const panel = document.querySelector('[data-mailing-progress]');
  if (!panel) return;
  const url = panel.dataset.mailingProgress;
  const bar = document.getElementById('mailing-bar');
  const state = panel.querySelector('[data-mailing-state]');
  const failuresBody = document.querySelector('[data-failures-body]');
  let shownFailures = -1;

  const cell = (row, label, text, className) => {
    const td = document.createElement('td');
    td.dataset.label = label;
    td.textContent = text;
    if (className) td.className = className;
    row.append(td);
    return td;
  };

  const showFailures = (failures) => {
    if (!failuresBody || failures.total === shownFailures) return;
    shownFailures = failures.total;
    failuresBody.replaceChildren();
    if (failures.items.length === 0) {
      const none = document.createElement('p');
      none.textContent = 'No mail of this mailing has failed.';
      failuresBody.append(none);
      return;
    }
    const region = document.createElement('div');
    region.className = 'table-scroll';
    region.setAttribute('role', 'region');
    region.setAttribute('aria-labelledby', 'failed-heading');
    region.tabIndex = 0;
    const table = document.createElement('table');
    table.className = 'failures';
    const head = table.createTHead().insertRow();
    for (const title of ['Recipient', 'Attempts', 'Last error', 'Failed']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = title;
      head.append(th);
    }
    const body = table.createTBody();
    for (const failure of failures.items) {
      const row = body.insertRow();
      cell(row, 'Recipient', failure.name ? `${failure.name} <${failure.to}>` : `<${failure.to}>`);
      cell(row, 'Attempts', String(failure.attempts), 'num');
      cell(row, 'Last error', failure.lastError ?? '');
      cell(row, 'Failed', failure.failed);
    }
    region.append(table);
    failuresBody.append(region);
    if (failures.more > 0) {
      const more = document.createElement('p');
      more.className = 'hint';
      more.textContent = `And ${failures.more} more; the mail log lists them all.`;
      failuresBody.append(more);
    }
  };

  const show = ({ mailing, failures }) => {
    if (bar instanceof HTMLProgressElement) {
      bar.max = mailing.total;
      bar.value = mailing.sent;
      bar.textContent = `${mailing.percent}%`;
    }
    for (const name of ['sent', 'queued', 'failed', 'total']) {
      const count = panel.querySelector(`[data-count="${name}"]`);
      if (count && count.textContent !== String(mailing[name])) count.textContent = String(mailing[name]);
    }
    const text =
      mailing.status === 'completed'
        ? 'Finished: no mail of this mailing is waiting.'
        : 'Sending: queued mails go out in turn; a temporary refusal is retried.';
    if (state && state.textContent !== text) state.textContent = text;
    showFailures(failures);
    return mailing.status === 'completed';
  };

  const poll = () => {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((progress) => {
        if (!show(progress)) window.setTimeout(poll, 1000);
      })
      .catch(() => {
        if (state) state.textContent = 'The connection to the server was lost; trying again.';
        window.setTimeout(poll, 3000);
      });
  };
  poll();
})();
