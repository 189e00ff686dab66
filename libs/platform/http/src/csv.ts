/** One CSV column: its header and how a row renders into it. */
export type CsvColumn<Row> = readonly [header: string, value: (row: Row) => string];

/** Spreadsheets run cells starting with these as formulas; text people typed is defused with a leading quote. */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** RFC 4180 CSV with a header row, for list exports (`Accept: text/csv`). */
export async function toCsv<Row>(
  columns: readonly CsvColumn<Row>[],
  rows: AsyncIterable<Row>,
): Promise<string> {
  const lines = [columns.map(([header]) => header).join(',')];
  for await (const row of rows) lines.push(columns.map(([, value]) => cell(value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
