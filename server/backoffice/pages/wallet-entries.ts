// "Search the wallet entries by customer name": the entries of the wallet account that name the
// customers whose name matches, newest first, each with its wallet's balance after it.
import type { FastifyInstance } from 'fastify';
import { readWalletEntriesOfCustomers } from '../../ledger/wallet-history.ts';
import { backOfficeContextOf, sendPage } from '../auth.ts';
import { searchCustomers, searchQueryLengthMax } from '../customers.ts';
import { html } from '../html.ts';
import { backOfficePrefix } from '../layout.ts';
import { pageTools, stringField } from './common.ts';
import { historyTable } from './history-view.ts';

const entriesPath = `${backOfficePrefix}/wallet-entries`;
const customersMatchedMax = 200;
const entriesShownMax = 500;

export function registerWalletEntriesPage(scope: FastifyInstance): void {
  scope.get(entriesPath, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const tools = await pageTools(request);
    const { t } = tools;
    const query = stringField(request.query, 'q', searchQueryLengthMax).trim();
    let results = html``;
    if (query !== '') {
      const customers = await searchCustomers(
        context.ledger.database,
        {
          query,
          isNonZeroOnly: false,
          isWalletUsersOnly: false,
          limit: customersMatchedMax,
          offset: 0,
        },
        context.now,
      );
      const entries = await context.ledger.database.read((sql) =>
        readWalletEntriesOfCustomers(
          sql,
          customers.items.map((item) => ({ id: item.id, walletId: item.walletId })),
          entriesShownMax,
        ),
      );
      results =
        entries.length === 0
          ? html`<p role="status">${t('entries.none')}</p>`
          : html`${historyTable(entries, tools, { caption: t('entries.title'), isCustomerLinked: true })}
            ${
              entries.length === entriesShownMax
                ? html`<p class="muted">${t('entries.limited', { count: entriesShownMax })}</p>`
                : ''
            }`;
    }
    const main = html`<p>${t('entries.help')}</p>
      <form method="get" action="${entriesPath}" class="row card" role="search">
        <label
          >${t('entries.search')}
          <input type="search" name="q" value="${query}" maxlength="${searchQueryLengthMax}" />
        </label>
        <button type="submit">${t('customers.submit')}</button>
      </form>
      ${results}`;
    return sendPage(request, reply, { title: t('entries.title'), main, activeHref: entriesPath });
  });
}
