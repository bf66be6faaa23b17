/**
 * The html-to-text formatter for `<table>` (used by html-to-plain.ts). html-to-text's own formats
 * either run a table's cells together ("ItemShoeSize38") or draw a padded grid that nested layout
 * tables, as in most shop and marketing mail, blow up. Here each row is one line with its cells
 * separated by " | ", and tables used for layout (a row with one cell, or cells holding tables or
 * long text) keep their content as blocks. Nothing inside a table is dropped: captions, stray text
 * and elements outside cells (which a browser shows before the table) become rows of their own.
 */
import type { DomNode, FormatCallback } from 'html-to-text';
import type { BlockTextBuilder, TablePrinterCell } from 'html-to-text/lib/block-text-builder.js';

/** Between the cells of a data row. */
const cellSeparator = ' | ';
/** Between the lines of one cell in a data row (a `<br>`, a list, paragraphs). */
const cellLineSeparator = ' / ';
/** A cell with more lines than this is content laid out by the table, not a value. */
const maxDataCellLines = 6;

/** What the printer needs to know about a row beyond its cells' text. */
type RowInfo = { holdsTable: boolean };

export const formatTable: FormatCallback = (elem, walk, builder, formatOptions) => {
  const rows: RowInfo[] = [];
  builder.openTable();
  for (const child of elem.children) walkTablePart(child);
  builder.closeTable({
    tableToString: (cells) => printTable(cells, rows),
    leadingLineBreaks: formatOptions.leadingLineBreaks ?? 1,
    trailingLineBreaks: formatOptions.trailingLineBreaks ?? 1,
  });

  function walkTablePart(node: DomNode): void {
    if (node.type === 'text') {
      if ((node.data ?? '').trim() !== '') row([node]);
      return;
    }
    if (node.type !== 'tag') {
      if (node.children?.length) row([node]); // e.g. a <style> inside a table: the selectors decide (skipped)
      return;
    }
    switch (node.name) {
      case 'thead':
      case 'tbody':
      case 'tfoot':
      case 'colgroup':
      case 'form':
        for (const child of node.children) walkTablePart(child);
        return;
      case 'col':
        return;
      case 'tr':
        row(node.children);
        return;
      default:
        // td/th without a row, a caption, or anything a browser would put outside the table.
        row([node]);
    }
  }

  /** One row; `parts` are its cells, or what stands where cells should be (each becomes a cell). */
  function row(parts: DomNode[]): void {
    builder.openTableRow();
    const info: RowInfo = { holdsTable: false };
    for (const part of parts) {
      if (part.type === 'text' && (part.data ?? '').trim() === '') continue;
      if (part.type === 'comment') continue;
      cell(builder, part, walk);
      info.holdsTable ||= holdsTable(part);
    }
    builder.closeTableRow();
    rows.push(info);
  }
};

function cell(builder: BlockTextBuilder, part: DomNode, walk: (nodes: DomNode[], builder: BlockTextBuilder) => void): void {
  builder.openTableCell();
  walk(part.type === 'tag' && (part.name === 'td' || part.name === 'th') ? part.children : [part], builder);
  builder.closeTableCell();
}

function holdsTable(node: DomNode): boolean {
  const stack = [...(node.children ?? [])];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.type === 'tag' && n.name === 'table') return true;
    if (n.children) stack.push(...n.children);
  }
  return false;
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/**
 * A data row (two or more cells with text, none holding a table or many lines) is one line; any
 * other row prints its cells' text one after another, as blocks.
 */
function printTable(cells: TablePrinterCell[][], rows: RowInfo[]): string {
  const out: string[] = [];
  cells.forEach((row, i) => {
    const filled = row.map((c) => c.text).filter((t) => t.trim() !== '');
    const isData = filled.length > 1 && !rows[i]?.holdsTable && filled.every((t) => lines(t).length <= maxDataCellLines);
    if (isData) out.push(filled.map((t) => lines(t).join(cellLineSeparator)).join(cellSeparator));
    else out.push(...filled.map((t) => t.replace(/^\n+/, '').trimEnd()));
  });
  // A block (more than one line) stands apart by an empty line; layout tables nest, so at most one.
  return out
    .map((text, i) => (i > 0 && (text.includes('\n') || out[i - 1].includes('\n')) ? `\n${text}` : text))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
