// A wallet's entries as a table: date, origin, description, who, amount and balance after.
import type { WalletHistoryEntry } from '../../ledger/wallet-history.ts';
import { html, type SafeHtml } from '../html.ts';
import { isMessageKey, type Translate } from '../i18n.ts';
import { backOfficePrefix } from '../layout.ts';
import { amountCell, type PageTools } from './common.ts';

/** Where an entry came from, in words: a till order says which movement and which till. */
export function originOf(entry: WalletHistoryEntry, t: Translate): string {
  const key =
    entry.kind === 'order' ? `origin.${entry.movementKind ?? 'order'}` : `origin.${entry.kind}`;
  const origin = isMessageKey(key) ? t(key) : entry.kind;
  return entry.tillName ? t('origin.tillSuffix', { origin, till: entry.tillName }) : origin;
}

export function historyTable(
  entries: readonly WalletHistoryEntry[],
  tools: PageTools,
  options: { caption: string; isCustomerLinked: boolean },
): SafeHtml {
  const { t } = tools;
  const rows = entries.map(
    (entry) =>
      html`<tr>
        <td>${tools.formatTime(entry.occurredAt)}</td>
        <td>${originOf(entry, t)}</td>
        <td>${entry.description}</td>
        <td>
          ${
            options.isCustomerLinked && entry.customerId
              ? html`<a href="${backOfficePrefix}/customers/${entry.customerId}"
                  >${entry.customerName ?? ''}</a
                >`
              : (entry.customerName ?? '')
          }
        </td>
        ${amountCell(entry.amountMinor, tools.formatAmount)}
        ${amountCell(entry.balanceAfterMinor, tools.formatAmount)}
      </tr>`,
  );
  return html`<table>
    <caption class="muted">
      ${options.caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">${t('column.date')}</th>
        <th scope="col">${t('column.origin')}</th>
        <th scope="col">${t('column.description')}</th>
        <th scope="col">${t('column.customer')}</th>
        <th scope="col" class="amount">${t('column.amount')}</th>
        <th scope="col" class="amount">${t('column.runningBalance')}</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
