// The check-in desk (/console/events/:id/check-in). Without this script every part still works as a form; with it:
// scans are sent by fetch and answered in place, the camera reads QR codes (BarcodeDetector, else jsQR), scans made
// while the connection is lost are kept in this page and sent when it returns, and the arrivals are polled.
// Counting stays the server's: a scan sent twice is checked in once (the second answer is "already checked in").
'use strict';
(() => {
  const desk = document.querySelector('[data-check-in]');
  if (!desk) return;
  const base = desk.dataset.base;
  const csrf = desk.querySelector('input[name="_csrf"]').value;
  const $ = (selector) => desk.querySelector(selector);
  const box = $('[data-result]');
  const connection = $('[data-connection]');
  const codeForm = $('[data-code-form]');
  const codeInput = codeForm.querySelector('input[name="badgeCode"]');
  const recent = $('[data-recent]');
  const recentList = $('[data-recent-list]');
  const POLL_MS = 3000;
  const ICONS = { ok: '✓', warn: '!', bad: '✕', idle: '…' };

  /** Scans not answered yet, oldest first: { key, body, label, kept (not answered at once), unanswered (an attempt got no answer) }. */
  const queue = [];
  let flushing = false;
  let signedOut = false;

  // ---- What the desk shows ----
  function show(result, note) {
    box.className = `result result-${result.tone}`;
    box.dataset.resultKind = result.result;
    $('[data-result-icon]').textContent = ICONS[result.tone];
    $('[data-result-heading]').textContent = result.heading;
    const name = $('[data-result-name]');
    const person = $('[data-result-person]');
    person.replaceChildren();
    if (result.person) {
      name.textContent = result.person.name;
      for (const [term, value] of [
        ['Delegation', result.person.delegation],
        ['Organisation', result.person.organisation],
        ['Category', result.person.category],
      ]) {
        if (!value) continue;
        const dt = document.createElement('dt');
        dt.textContent = term;
        const dd = document.createElement('dd');
        dd.textContent = value;
        person.append(dt, dd);
      }
    }
    name.hidden = !result.person;
    person.hidden = !result.person;
    $('[data-result-detail]').textContent = note ? `${result.detail} ${note}` : result.detail;
  }

  /** A badge code on screen only by its last characters (it is as good as the badge). */
  const masked = (code) => (code.length > 4 ? `Badge …${code.slice(-4)}` : code);

  function remember(label, result) {
    recent.hidden = false;
    const item = document.createElement('li');
    item.className = `recent-${result.tone}`;
    const mark = document.createElement('span');
    mark.className = 'recent-mark';
    mark.setAttribute('aria-hidden', 'true');
    mark.textContent = ICONS[result.tone];
    const text = document.createElement('span');
    text.textContent = `${result.person ? result.person.name : label}: ${result.heading}`;
    item.append(mark, text);
    recentList.prepend(item);
    while (recentList.children.length > 20) recentList.lastElementChild.remove();
  }

  function counts(attendance) {
    if (!attendance) return;
    $('[data-arrived]').textContent = String(attendance.checkedIn);
    $('[data-confirmed]').textContent = String(attendance.confirmed);
  }

  function say(text) {
    connection.hidden = !text;
    connection.textContent = text || '';
  }

  function sayConnection() {
    if (signedOut) {
      say(
        `You are signed out: sign in again in another tab.${queue.length ? ` ${plural(queue.length)} kept and will be sent after.` : ''}`,
      );
    } else if (queue.length > 0 || !navigator.onLine) {
      say(
        queue.length > 0
          ? `No connection — ${plural(queue.length)} kept in this page and will be sent when the connection returns. Keep this page open.`
          : 'No connection — scans will be kept in this page and sent when the connection returns.',
      );
    } else say('');
  }
  const plural = (count) => (count === 1 ? '1 scan is' : `${count} scans are`);

  // ---- Sending ----
  /** One attempt: the desk's answer, or 'offline' (no answer: try again later), or 'signed-out'. */
  async function send(item) {
    let response;
    try {
      response = await window.fetch(`${base}/scans`, {
        method: 'POST',
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ _csrf: csrf, ...item.body }),
      });
    } catch {
      return 'offline';
    }
    if (response.type === 'opaqueredirect' || response.status === 303) return 'signed-out';
    if (!(response.headers.get('content-type') || '').includes('application/json')) return response.status >= 500 ? 'offline' : 'refused';
    try {
      const answer = await response.json();
      return answer && answer.result ? answer : 'offline';
    } catch {
      return 'offline';
    }
  }

  function answered(item, answer) {
    const note = !item.kept
      ? ''
      : answer.result === 'already_checked_in' && item.unanswered
        ? '(Sent again after the connection dropped: the first check-in may have been this very scan.)'
        : '(Sent after the connection returned.)';
    show(answer, note);
    remember(item.label, answer);
    counts(answer.attendance);
  }

  /** Sends the kept scans in order; stops at the first without an answer. */
  async function flush() {
    if (flushing) return;
    if (!navigator.onLine) return sayConnection();
    flushing = true;
    try {
      while (queue.length > 0) {
        const item = queue[0];
        const answer = await send(item);
        if (answer === 'offline') {
          item.kept = true;
          item.unanswered = true; // it may have reached the server
          break;
        }
        if (answer === 'signed-out') {
          signedOut = true;
          break;
        }
        signedOut = false;
        queue.shift();
        if (answer === 'refused') {
          show({
            result: 'not_valid',
            tone: 'bad',
            heading: 'Not sent',
            detail: 'The desk refused this scan: reload the page.',
            person: null,
          });
        } else answered(item, answer);
      }
    } finally {
      flushing = false;
      sayConnection();
    }
  }

  /** A scan: sent now, or kept (in order) while scans are waiting or the connection is lost. */
  function submit(body, label) {
    const key = body.badgeCode ? `code:${body.badgeCode}` : `id:${body.registrationId}`;
    const kept = { result: 'kept', tone: 'idle', heading: 'Kept, not sent yet', person: null };
    if (queue.some((item) => item.key === key)) {
      sayConnection();
      return;
    }
    queue.push({ key, body, label, kept: !navigator.onLine, unanswered: false });
    if (!navigator.onLine) {
      remember(label, kept);
      show({
        result: 'kept',
        tone: 'idle',
        heading: 'Kept, not checked yet',
        detail: 'No connection: this scan will be sent when the connection returns.',
        person: null,
      });
      sayConnection();
      return;
    }
    void flush().then(() => {
      if (!flushing && queue.some((item) => item.key === key)) {
        remember(label, kept);
        show({
          result: 'kept',
          tone: 'idle',
          heading: 'Kept, not checked yet',
          detail: 'No answer from the server: this scan will be sent when the connection returns.',
          person: null,
        });
      }
    });
  }

  // ---- The code field (typed, or a USB scanner's code and Enter) ----
  codeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = codeInput.value.trim().toUpperCase();
    codeInput.value = '';
    codeInput.focus();
    if (code === '') {
      show({
        result: 'not_valid',
        tone: 'bad',
        heading: 'No code',
        detail: 'Scan or type the code printed under the badge’s QR code.',
        person: null,
      });
      return;
    }
    submit({ badgeCode: code }, masked(code));
  });

  // ---- "Check in" beside a name found ----
  desk.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.dataset.checkInRegistration) {
      event.preventDefault();
      const name = form.closest('li')?.querySelector('.found-name')?.textContent ?? 'Registration';
      submit({ registrationId: form.dataset.checkInRegistration }, name);
      const button = form.querySelector('button');
      if (button) button.disabled = true;
    } else if (form.hasAttribute('data-search-form') && (!navigator.onLine || queue.length > 0)) {
      event.preventDefault(); // leaving the page would lose the kept scans
      say('No connection — searching needs the connection; kept scans stay in this page. Type or scan the code instead.');
    }
  });

  // ---- The connection and the arrivals ----
  window.addEventListener('offline', sayConnection);
  window.addEventListener('online', () => void flush());
  window.setInterval(async () => {
    if (queue.length > 0) return void flush();
    try {
      const response = await window.fetch(`${base}/attendance.json`, {
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { accept: 'application/json' },
      });
      if (response.type === 'opaqueredirect') {
        signedOut = true;
      } else if (response.ok) {
        signedOut = false;
        counts(await response.json());
      }
      sayConnection();
    } catch {
      say('No connection — scans will be kept in this page and sent when the connection returns.');
    }
  }, POLL_MS);

  // ---- The camera ----
  const camera = $('[data-camera]');
  const video = $('[data-camera-video]');
  const startButton = $('[data-camera-start]');
  const stopButton = $('[data-camera-stop]');
  const cameraMessage = $('[data-camera-message]');
  camera.hidden = false;
  let stream = null;
  let timer = null;
  let last = { code: '', seen: 0 };
  /** A badge held in view is read on many frames: it is sent again only after it was out of view this long. */
  const GONE_MS = 1200;

  function loadJsQR() {
    if (window.jsQR) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/console/assets/jsqr.js';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('jsQR did not load'));
      document.head.append(script);
    });
  }

  async function chooseReader() {
    if ('BarcodeDetector' in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes('qr_code')) {
          const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
          return {
            name: 'barcode-detector',
            label: 'the browser’s barcode detector',
            read: async () => (await detector.detect(video))[0]?.rawValue,
          };
        }
      } catch {
        // fall back on jsQR
      }
    }
    await loadJsQR();
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    return {
      name: 'jsqr',
      label: 'jsQR (this browser has no built-in QR detector)',
      read: async () => {
        const scale = Math.min(1, 640 / (video.videoWidth || 640));
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        if (canvas.width === 0 || canvas.height === 0) return undefined;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        return window.jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })?.data;
      },
    };
  }

  function seen(raw) {
    const code = String(raw).trim().toUpperCase();
    const now = Date.now();
    const again = code === last.code && now - last.seen < GONE_MS;
    last = { code, seen: now };
    if (!again && code) submit({ badgeCode: code }, masked(code));
  }

  function cameraProblem(error) {
    const name = error && error.name;
    if (name === 'NotAllowedError' || name === 'SecurityError')
      return 'The camera is not allowed on this page. Allow it in the browser’s settings, or type the code or use a USB scanner.';
    if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
      return 'No camera found on this device. Type the code or use a USB scanner.';
    if (name === 'NotReadableError') return 'The camera is in use by another application. Close it, or type the code.';
    return 'The camera could not start. Type the code or use a USB scanner.';
  }

  async function startCamera() {
    cameraMessage.textContent = '';
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      cameraMessage.textContent = window.isSecureContext
        ? 'This browser cannot use a camera. Type the code or use a USB scanner.'
        : 'The camera needs a secure (https) connection to Plenary. Type the code or use a USB scanner.';
      return;
    }
    startButton.disabled = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (error) {
      startButton.disabled = false;
      cameraMessage.textContent = cameraProblem(error);
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    try {
      await video.play();
    } catch {
      // a muted inline video plays; if not, frames are still drawn
    }
    let reader;
    try {
      reader = await chooseReader();
    } catch {
      cameraMessage.textContent = 'The QR reader could not load. Type the code or use a USB scanner.';
      stopCamera();
      return;
    }
    camera.dataset.scanner = reader.name;
    cameraMessage.textContent = `Scanning with ${reader.label}.`;
    startButton.hidden = true;
    startButton.disabled = false;
    stopButton.hidden = false;
    const tick = async () => {
      if (!stream) return;
      try {
        if (video.readyState >= 2) {
          const raw = await reader.read();
          if (raw) seen(raw);
        }
      } catch {
        // one unreadable frame: the next may do
      }
      if (stream) timer = window.setTimeout(() => void tick(), 150);
    };
    void tick();
  }

  function stopCamera() {
    window.clearTimeout(timer);
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
    startButton.disabled = false;
    delete camera.dataset.scanner;
    cameraMessage.textContent = 'Camera stopped.';
  }

  startButton.addEventListener('click', () => void startCamera());
  stopButton.addEventListener('click', stopCamera);
  sayConnection();
})();
