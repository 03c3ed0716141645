// A small reader of multipart/form-data bodies, for the one form that uploads a file (the bank
// statement). The body is already buffered and size-limited by Fastify; this splits it into its
// fields and at most one file, and refuses anything it does not understand rather than guessing.

export interface MultipartForm {
  fields: Record<string, string>;
  file: { fileName: string; data: Buffer } | null;
}

const partsMax = 20;

function boundaryOf(contentType: string): string | null {
  const match = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2] ?? null;
}

function dispositionOf(headers: string) {
  const line = headers.split('\r\n').find((header) => /^content-disposition:/i.test(header));
  if (!line || !/form-data/i.test(line)) return null;
  const name = /\bname="([^"]*)"/i.exec(line)?.[1];
  const fileName = /\bfilename="([^"]*)"/i.exec(line)?.[1] ?? null;
  return name === undefined ? null : { name, fileName };
}

/** The form's fields and file, or null when the body is not well-formed multipart. */
export function parseMultipart(body: Buffer, contentType: string): MultipartForm | null {
  const boundary = boundaryOf(contentType);
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const form: MultipartForm = { fields: {}, file: null };
  let start = body.indexOf(delimiter);
  if (start < 0) return null;
  for (let count = 0; count <= partsMax; count += 1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') return form;
    const partStart = afterDelimiter + 2;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), partStart);
    if (next < 0) return null;
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) return null;
    const disposition = dispositionOf(part.subarray(0, headerEnd).toString('utf8'));
    if (!disposition) return null;
    const data = part.subarray(headerEnd + 4);
    if (disposition.fileName !== null) {
      if (form.file) return null;
      form.file = { fileName: disposition.fileName, data: Buffer.from(data) };
    } else {
      form.fields[disposition.name] = data.toString('utf8');
    }
    start = next + 2;
  }
  return null;
}
