import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Answers a file download (bytes, or a stream sent as it is produced). The name is only ever put in the RFC 6266 `filename*` form, so that a
 * name with quotes, accents or line breaks cannot break the header.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { fileName: string; bytes: Buffer | Uint8Array | string | Readable },
  options: { contentType?: string; inline?: boolean } = {},
) {
  return reply
    .header('content-type', options.contentType ?? 'application/octet-stream')
    .header(
      'content-disposition',
      `${options.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .send(
      typeof file.bytes === 'string' || Buffer.isBuffer(file.bytes) || !(file.bytes instanceof Uint8Array)
        ? file.bytes
        : Buffer.from(file.bytes),
    );
}
