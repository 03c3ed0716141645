// Expected failures of the HTTP API as values with a machine-readable code. The error handler
// turns them (and Fastify's own parsing errors) into one body shape, so a till can act on
// `error.code` without reading prose.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Logger } from '../../shared/logger.ts';
import type { ErrorBody, ErrorIssue } from '../../shared/protocol.ts';

export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
  }
}

/** Zod's issue as a sentence a person at the till understands; amounts are named as such. */
export function plainIssueMessage(issue: z.core.$ZodIssue): string {
  const field = String(issue.path.at(-1) ?? '');
  const isAmount = field.endsWith('Minor');
  const unit = isAmount ? ' (in minor units, such as 250 for 2.50)' : '';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return 'This field is required.';
      if (issue.expected === 'int') {
        return isAmount
          ? 'Must be an amount in whole minor units, such as 250 for 2.50.'
          : 'Must be a whole number.';
      }
      return `Must be a ${issue.expected}.`;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? 'Must not be empty.'
          : `Must have at least ${issue.minimum} characters.`;
      }
      if (issue.origin === 'array') return `Must have at least ${issue.minimum} items.`;
      return `Must be at least ${issue.minimum}${unit}.`;
    case 'too_big':
      if (issue.origin === 'string') return `Must have at most ${issue.maximum} characters.`;
      if (issue.origin === 'array') return `Must have at most ${issue.maximum} items.`;
      return `Must be at most ${issue.maximum}${unit}.`;
    case 'invalid_value':
      return `Must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'invalid_format':
      if (issue.format === 'uuid') return 'Must be an id (a UUID).';
      // A pattern with a message of its own (a PIN's digits) says it better than a regex.
      return issue.message;
    case 'unrecognized_keys':
      return `Unknown field: ${issue.keys.join(', ')}.`;
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
      return issue.message;
  }
}

export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.join('.'),
    message: plainIssueMessage(issue),
  }));
  const first = issues[0];
  const message = first
    ? `${what}: ${first.path || '(root)'}: ${first.message}`
    : `invalid ${what}`;
  throw new HttpProblem(400, `invalid_${what}`, message, issues);
}

const fastifyCodes: Record<string, { statusCode: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { statusCode: 413, code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { statusCode: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { statusCode: 400, code: 'invalid_json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { statusCode: 400, code: 'invalid_json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { statusCode: 400, code: 'invalid_content_length' },
};

export function problemBody(
  code: string,
  message: string,
  issues?: HttpProblem['issues'],
): ErrorBody {
  return { error: issues ? { code, message, issues } : { code, message } };
}

export function makeErrorHandler(logger: Logger) {
  return (error: FastifyError | HttpProblem, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpProblem) {
      return reply
        .status(error.statusCode)
        .send(problemBody(error.code, error.message, error.issues));
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) return reply.status(known.statusCode).send(problemBody(known.code, error.message));
    if (error instanceof SyntaxError || error.statusCode === 400) {
      return reply.status(400).send(problemBody('invalid_json', error.message));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(problemBody('bad_request', error.message));
    }
    logger.error('request failed', { method: request.method, url: request.url, error });
    return reply
      .status(500)
      .send(problemBody('internal_error', 'The server failed; nothing was booked.'));
  };
}
