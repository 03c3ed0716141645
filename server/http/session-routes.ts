// The till sessions' part of the API: a till sends its Z report when it closes a session, and may
// ask at any time for the figures the server computes for a session from the books.
import { z } from 'zod';
import { idSchema } from '../../shared/domain.ts';
import {
  apiPrefix,
  sessionFiguresSchema,
  sessionReportResponseSchema,
  zReportSchema,
  type SessionReportResponse,
  type ZReport,
} from '../../shared/protocol.ts';
import { HttpProblem, parseWith } from './errors.ts';
import { tillOf, type RouteDefinition } from './routes.ts';

const sessionParamsSchema = z.object({ sessionId: idSchema });

/**
 * The report's own sums must hold: the drawer should hold the float plus the net cash, and the
 * difference is what was counted less that. A report that does not add up is a bug at the till
 * and is refused rather than kept.
 */
function checkReportAddsUp(report: ZReport): void {
  if (Date.parse(report.closedAt) < Date.parse(report.openedAt)) {
    throw new HttpProblem(422, 'report_does_not_add_up', 'The session closes before it opens.');
  }
  if (report.cashExpectedMinor !== report.floatMinor + report.figures.netCashMinor) {
    throw new HttpProblem(
      422,
      'report_does_not_add_up',
      'The cash expected is not the float plus the net cash.',
    );
  }
  if (report.cashDifferenceMinor !== report.cashCountedMinor - report.cashExpectedMinor) {
    throw new HttpProblem(
      422,
      'report_does_not_add_up',
      'The cash difference is not the cash counted less the cash expected.',
    );
  }
}

export const sessionRoutes: RouteDefinition[] = [
  {
    method: 'PUT',
    path: `${apiPrefix}/sessions/:sessionId/report`,
    summary:
      'Store the Z report of a closed session (idempotent) and answer with the ledger figures.',
    isTillAuthenticated: true,
    params: sessionParamsSchema,
    body: zReportSchema,
    response: sessionReportResponseSchema,
    handle: async (context): Promise<SessionReportResponse> => {
      const till = tillOf(context);
      const params = parseWith(sessionParamsSchema, context.request.params, 'params');
      const report = parseWith(zReportSchema, context.request.body, 'body');
      if (report.sessionId !== params.sessionId) {
        throw new HttpProblem(400, 'session_mismatch', 'The report is for another session.');
      }
      checkReportAddsUp(report);

      const outcome = await context.ledger.saveSessionReport(till, report);
      switch (outcome.status) {
        case 'created':
        case 'exists':
          return {
            sessionId: report.sessionId,
            status: outcome.status,
            ledgerFigures: outcome.ledgerFigures,
          };
        case 'conflict':
          throw new HttpProblem(
            409,
            'conflict',
            'Another report for this session is stored already; nothing was changed.',
          );
        case 'wrong_till':
          throw new HttpProblem(403, 'wrong_till', 'This session belongs to another till.');
        case 'wrong_currency':
          throw new HttpProblem(
            422,
            'wrong_currency',
            `The store books in ${outcome.currency}; nothing was stored.`,
          );
      }
    },
  },
  {
    method: 'GET',
    path: `${apiPrefix}/sessions/:sessionId/figures`,
    summary: 'The figures of a session from the ledger, over the orders booked under it so far.',
    isTillAuthenticated: true,
    params: sessionParamsSchema,
    response: sessionFiguresSchema,
    handle: async (context) => {
      const till = tillOf(context);
      const params = parseWith(sessionParamsSchema, context.request.params, 'params');
      const figures = await context.ledger.sessionFiguresForTill(till, params.sessionId);
      if (!figures) {
        throw new HttpProblem(403, 'wrong_till', 'This session belongs to another till.');
      }
      return figures;
    },
  },
];
