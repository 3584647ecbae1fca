import sharp from 'sharp';

/** Background colours of the demo portraits, chosen by name (so a person keeps theirs between runs). */
const COLOURS = ['#2f5d8a', '#7a4b8c', '#2e7d5b', '#9a5a2a', '#5b6770', '#8a2f45'];

/**
 * A portrait-like 600×800 JPEG for a demo registrant (issue 18): a coloured background, a head-and-shoulders
 * silhouette and the person's initials, drawn as SVG and encoded by sharp. Sample data, never a real face.
 */
export async function demoPortrait(givenName: string, familyName: string): Promise<Buffer> {
  const initials = [givenName, familyName].map((name) => Array.from(name.trim())[0] ?? '').join('');
  const colour = COLOURS[Array.from(`${givenName}${familyName}`).reduce((sum, char) => sum + char.codePointAt(0)!, 0) % COLOURS.length];
  const escaped = initials.replace(/[&<>"']/g, (char) => `&#${char.codePointAt(0)};`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800" viewBox="0 0 600 800">
  <rect width="600" height="800" fill="${colour}"/>
  <circle cx="300" cy="300" r="150" fill="#f1e3d3"/>
  <path d="M40 800 C40 590 160 500 300 500 C440 500 560 590 560 800 Z" fill="#f1e3d3"/>
  <text x="300" y="350" font-family="DejaVu Sans, sans-serif" font-size="140" font-weight="bold" fill="${colour}" text-anchor="middle">${escaped}</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
