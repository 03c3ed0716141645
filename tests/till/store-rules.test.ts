// The server's store rules said in the till's words: every code the server can send has a text
// in both languages that carries the values it names, and a code or a value this till cannot
// read falls back to the server's own message.
import { describe, expect, it } from 'vitest';
import { createTranslator, languages } from '../../renderer/i18n/i18n.ts';
import { storeRuleMessage, type IssueFormats } from '../../renderer/i18n/reasons.ts';
import { money } from '../../shared/money.ts';
import { formatMoney } from '../../shared/money-format.ts';
import { storeRuleCodes, type ErrorIssue, type StoreRuleCode } from '../../shared/protocol.ts';

const serverMessage = 'An English sentence from the server.';

/** Values as the server sends them for each rule whose sentence names one. */
const paramsOf: Partial<Record<StoreRuleCode, ErrorIssue['params']>> = {
  top_up_product_disabled: { product: 'Recharge' },
  top_up_product_not_wallet_credit: { product: 'Recharge' },
  top_up_product_not_service: { product: 'Recharge' },
  top_up_product_taxed: { product: 'Recharge', taxRateBasisPoints: 2100 },
  currency_locked: { currency: 'EUR' },
  minimum_out_of_range: { lowMinor: -100_000, highMinor: 100_000, currency: 'EUR' },
  second_wallet_method: { method: 'Portefeuille client' },
  staff_name_taken: { name: 'Camille' },
};

function issueOf(code: string | undefined, params?: ErrorIssue['params']): ErrorIssue {
  return {
    path: 'settings.field',
    message: serverMessage,
    ...(code && { code }),
    ...(params && { params }),
  };
}

function formatsFor(language: 'fr' | 'en'): IssueFormats {
  const locale = language === 'fr' ? 'fr-BE' : 'en';
  const percent = new Intl.NumberFormat(language, { style: 'percent' });
  return {
    amount: (minor) => formatMoney(money(minor, 'EUR'), locale),
    percent: (basisPoints) => percent.format(basisPoints / 10_000),
  };
}

describe.each(languages)('store rules in %s', (language) => {
  const t = createTranslator(language);
  const formats = formatsFor(language);
  const fallback = t('settings.problem.server', { message: serverMessage });

  it.each(storeRuleCodes)('%s has its own text, with no placeholder left', (code) => {
    const text = storeRuleMessage(t, formats, issueOf(code, paramsOf[code]));
    expect(text).not.toBe(fallback);
    expect(text).not.toContain(serverMessage);
    expect(text).not.toMatch(/[{}]/);
  });

  it('says each rule differently', () => {
    const texts = storeRuleCodes.map((code) =>
      storeRuleMessage(t, formats, issueOf(code, paramsOf[code])),
    );
    expect(new Set(texts).size).toBe(storeRuleCodes.length);
  });

  it('names the product, its tax rate and the bounds it was given', () => {
    const taxed = storeRuleMessage(
      t,
      formats,
      issueOf('top_up_product_taxed', paramsOf.top_up_product_taxed),
    );
    expect(taxed).toContain('Recharge');
    expect(taxed).toContain(formats.percent(2100));
    const bounds = storeRuleMessage(
      t,
      formats,
      issueOf('minimum_out_of_range', paramsOf.minimum_out_of_range),
    );
    expect(bounds).toContain(formats.amount(-100_000));
    expect(bounds).toContain(formats.amount(100_000));
    const other = storeRuleMessage(
      t,
      formats,
      issueOf('second_wallet_method', { method: 'Autre' }),
    );
    expect(other).toContain('Autre');
    expect(other).not.toContain('Portefeuille client');
  });

  it("falls back to the server's message for a code it does not know, or none", () => {
    expect(storeRuleMessage(t, formats, issueOf('a_rule_of_a_newer_server'))).toBe(fallback);
    expect(storeRuleMessage(t, formats, issueOf(undefined))).toBe(fallback);
  });

  it('falls back when the values its sentence needs are missing or unreadable', () => {
    expect(storeRuleMessage(t, formats, issueOf('staff_name_taken'))).toBe(fallback);
    expect(
      storeRuleMessage(t, formats, issueOf('top_up_product_taxed', { product: 'Recharge' })),
    ).toBe(fallback);
    expect(
      storeRuleMessage(
        t,
        formats,
        issueOf('minimum_out_of_range', { lowMinor: '-1000', highMinor: 1.5 }),
      ),
    ).toBe(fallback);
  });
});

it('says a rule in French unlike in English', () => {
  const issue = issueOf('second_wallet_method', { method: 'Portefeuille client' });
  const french = storeRuleMessage(createTranslator('fr'), formatsFor('fr'), issue);
  const english = storeRuleMessage(createTranslator('en'), formatsFor('en'), issue);
  expect(french).toBe(
    '« Portefeuille client » est déjà le portefeuille actif, et il n’y en a qu’un : ' +
      'désactivez-le d’abord.',
  );
  expect(english).not.toBe(french);
});
