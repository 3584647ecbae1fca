import { renderProgress } from './progress-bar';

describe('the mailing progress bar', () => {
  it('fills in proportion to the mails done, sent or failed', () => {
    expect(renderProgress({ total: 1000, sent: 500, failed: 0, queued: 500 }, 10)).toBe(
      '[█████░░░░░]  50%  500/1000 done · 500 sent · 0 failed · 500 queued',
    );
    expect(renderProgress({ total: 200, sent: 197, failed: 3, queued: 0 }, 10)).toBe(
      '[██████████] 100%  200/200 done · 197 sent · 3 failed · 0 queued',
    );
  });

  it('never shows 100% before the last mail, nor breaks on an empty mailing', () => {
    expect(renderProgress({ total: 1000, sent: 999, failed: 0, queued: 1 }, 10)).toContain(' 99% ');
    expect(renderProgress({ total: 0, sent: 0, failed: 0, queued: 0 }, 4)).toBe('[████] 100%  0/0 done · 0 sent · 0 failed · 0 queued');
  });
});
