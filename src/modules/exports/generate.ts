import { csvLine } from "../../platform/csv-write";
import { type CsvExportKind, columnsOf, type ExportScope, exportRows } from "./rows";

/** Lets Excel read the file as UTF-8 (accents, Cyrillic, Arabic, CJK names); other CSV readers skip it. */
const BYTE_ORDER_MARK = "\uFEFF";

/** The CSV text in pieces: the header, then one piece per batch of rows, reporting the count so far. */
export async function* csvChunks(
  kind: CsvExportKind,
  scope: ExportScope,
  onRows: (written: number) => Promise<void>,
): AsyncGenerator<string> {
  yield BYTE_ORDER_MARK + csvLine(columnsOf(kind, scope.locale));
  let written = 0;
  for await (const batch of exportRows(kind, scope)) {
    yield batch.map(csvLine).join("");
    written += batch.length;
    await onRows(written);
  }
}

/**
 * A byte stream that asks for the next piece only when the reader wants more, so reading the
 * database keeps pace with writing to storage and at most one batch is in memory.
 */
export function streamOf(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
