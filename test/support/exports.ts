import { Workbook, type Worksheet } from 'exceljs';
import type { TestUser } from './factories';

/** GETs a file from the API as the user: status, headers and the bytes. */
export async function fetchFile(user: TestUser, path: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await fetch(`${user.api.baseUrl}${path}`, { headers: { authorization: `Bearer ${user.token}` } });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** RFC 4180 CSV (quoted cells, doubled quotes, CRLF or LF) as rows of cells; a leading byte order mark is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') endCell();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index += 1;
      endCell();
      rows.push(row);
      row = [];
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

/** The first sheet of an XLSX workbook, read back with exceljs. */
export async function readXlsx(body: Buffer): Promise<Worksheet> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}
