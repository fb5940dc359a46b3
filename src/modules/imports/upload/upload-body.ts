// Turns an upload request into one byte stream, whatever its form: a multipart `file` field,
// a raw text/csv body, or a JSON body. Nothing here buffers a whole CSV upload.
import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { DomainError } from '../../../core/http/domain-error';

export type UploadFormat = 'csv' | 'json';

export interface UploadBody {
  format: UploadFormat;
  contentType: string;
  filename: string | null;
  stream: Readable;
}

const CSV_TYPES = ['text/csv', 'application/csv', 'text/comma-separated-values'];

export function mediaType(headers: IncomingHttpHeaders): string {
  return String(headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

export function unsupportedMediaType(type: string): DomainError {
  return new DomainError(
    'unsupported_media_type',
    `Content-Type ${type || '(none)'} is not accepted: send multipart/form-data with a "file" field, text/csv, or application/json {"rows": [...]}`,
  );
}

/** Resolves once the request's file stream is known (for multipart, when its part begins). */
export function openUploadBody(
  req: Readable & { headers: IncomingHttpHeaders },
): Promise<UploadBody> {
  const type = mediaType(req.headers);
  if (CSV_TYPES.includes(type)) {
    return Promise.resolve({ format: 'csv', contentType: type, filename: null, stream: req });
  }
  if (type === 'application/json') {
    return Promise.resolve({ format: 'json', contentType: type, filename: null, stream: req });
  }
  if (type !== 'multipart/form-data') return Promise.reject(unsupportedMediaType(type));

  return new Promise<UploadBody>((resolve, reject) => {
    let settled = false;
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fields: 20 } });
    } catch {
      reject(DomainError.validation('file', 'the multipart body has no boundary'));
      return;
    }
    bb.on('file', (name, file, info) => {
      if (name !== 'file' || settled) {
        file.resume();
        return;
      }
      settled = true;
      const partType = (info.mimeType || '').toLowerCase();
      const filename = info.filename ? info.filename.slice(0, 255) : null;
      const isJson = partType === 'application/json' || /\.json$/i.test(filename ?? '');
      resolve({
        format: isJson ? 'json' : 'csv',
        contentType: partType || 'text/csv',
        filename,
        stream: file,
      });
    });
    bb.on('error', () => {
      if (!settled) {
        settled = true;
        reject(DomainError.validation('file', 'the multipart body cannot be read'));
      }
    });
    bb.on('close', () => {
      if (!settled) {
        settled = true;
        reject(DomainError.validation('file', 'multipart upload needs a field named "file"'));
      }
    });
    req.pipe(bb);
  });
}
