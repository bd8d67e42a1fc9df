import type { ServerResponse } from 'node:http';

/** Takes the next piece of text of a download; resolves when the client may take more. */
export type TextSink = (text: string) => Promise<void>;
/** Takes the next piece of a download (text or bytes); resolves when the client may take more. */
export type DownloadSink = (piece: string | Buffer) => Promise<void>;

/**
 * Streams a download with back-pressure: `write` gets a sink that resolves when the client may take more, and
 * throws once the client went away (which stops the database cursor behind it).
 */
export async function streamDownload(
  res: ServerResponse, headers: Record<string, string>, write: (sink: DownloadSink) => Promise<unknown>,
): Promise<void> {
  res.statusCode = 200;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const sink: DownloadSink = async (piece) => {
    if (closed) throw new Error('client went away');
    if (!piece.length || res.write(piece)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  try {
    await write(sink);
    res.end();
  } catch (err) {
    if (!closed) res.destroy(err as Error);
  }
}
