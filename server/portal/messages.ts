// The portal's words in French (the default) and English. The English catalogue must have every
// key the French one has (the type says so), so a page never shows a key name.
import type { Language } from '../backoffice/i18n.ts';

const fr = {
  'app.name': 'Mon portefeuille',
  'language.other': 'English',
  'login.title': 'Connexion',
  'login.intro':
    'Indiquez l’adresse e-mail que le magasin connaît : vous recevrez un lien pour vous connecter.',
  'login.email': 'Adresse e-mail',
  'login.submit': 'Recevoir un lien de connexion',
  'login.sent':
    'Si cette adresse est celle d’un client, un lien de connexion vient d’y être envoyé. Il est ' +
    'valable 20 minutes et ne sert qu’une fois.',
  'login.invalidEmail': 'Cette adresse e-mail n’est pas valide.',
  'login.rateLimited': 'Trop de demandes depuis votre connexion. Réessayez dans quelques minutes.',
  'login.signedOut': 'Vous êtes déconnecté.',
  'link.title': 'Se connecter',
  'link.intro': 'Ouvrez votre portefeuille avec ce lien. Il ne servira plus ensuite.',
  'link.submit': 'Ouvrir mon portefeuille',
  'link.unknown': 'Ce lien de connexion n’est pas valide.',
  'link.used': 'Ce lien de connexion a déjà servi.',
  'link.expired': 'Ce lien de connexion a expiré.',
  'link.again': 'Demander un nouveau lien',
  'csrf.message':
    'Ce formulaire a expiré ou ne vient pas de ce site ; rien n’a été fait. Rechargez la page ' +
    'et recommencez.',
  'wallet.title': 'Mon portefeuille',
  'wallet.hello': 'Bonjour {name}.',
  'wallet.balance': 'Solde du portefeuille',
  'wallet.household': 'Portefeuille du ménage {name}, partagé par : {members}.',
  'wallet.spending': 'Dépensé avec le portefeuille, par mois',
  'wallet.spendingNote':
    'Les remboursements sont déduits ; les achats du jour sont compris dès que la caisse les a ' +
    'transmis.',
  'wallet.noSpending': 'Aucune dépense avec le portefeuille pour l’instant.',
  'wallet.yearTotal': 'Total {year}',
  'wallet.entries': 'Mouvements',
  'wallet.noEntries': 'Aucun mouvement pour l’instant.',
  'wallet.olderEntries': 'Seuls les {count} derniers mouvements sont affichés.',
  'column.month': 'Mois',
  'column.spent': 'Dépensé',
  'column.date': 'Date',
  'column.movement': 'Mouvement',
  'column.member': 'Membre',
  'column.amount': 'Montant',
  'column.balanceAfter': 'Solde après',
  'kind.spend': 'Achat',
  'kind.refund': 'Remboursement d’un achat',
  'kind.top_up': 'Recharge en caisse',
  'kind.change_to_wallet': 'Monnaie mise sur le portefeuille',
  'kind.bank_top_up': 'Virement',
  'kind.invoice_top_up': 'Recharge sur facture',
  'kind.adjustment': 'Correction',
  'kind.payout': 'Remboursement du solde',
  'logout.submit': 'Se déconnecter',
  'error.title': 'Erreur',
  'error.notFound': 'Cette page n’existe pas.',
  'error.server': 'Le serveur a échoué. Réessayez plus tard.',
  'mail.subject': 'Votre lien de connexion au portefeuille',
  'mail.intro': 'Bonjour,\n\nvoici votre lien pour consulter votre portefeuille client :',
  'mail.forCustomer': 'Pour {name} :',
  'mail.outro':
    'Le lien est valable 20 minutes et ne sert qu’une fois. Si vous n’avez rien demandé, ' +
    'ignorez ce message.',
};

export type PortalMessageKey = keyof typeof fr;

const en: Record<PortalMessageKey, string> = {
  'app.name': 'My wallet',
  'language.other': 'Français',
  'login.title': 'Sign in',
  'login.intro': 'Enter the e-mail address the shop knows: you will get a link to sign in.',
  'login.email': 'E-mail address',
  'login.submit': 'Send me a sign-in link',
  'login.sent':
    'If this address belongs to a customer, a sign-in link has just been sent to it. It works ' +
    'for 20 minutes and only once.',
  'login.invalidEmail': 'This e-mail address is not valid.',
  'login.rateLimited': 'Too many requests from your connection. Try again in a few minutes.',
  'login.signedOut': 'You are signed out.',
  'link.title': 'Sign in',
  'link.intro': 'Open your wallet with this link. It will not work again afterwards.',
  'link.submit': 'Open my wallet',
  'link.unknown': 'This sign-in link is not valid.',
  'link.used': 'This sign-in link has already been used.',
  'link.expired': 'This sign-in link has expired.',
  'link.again': 'Ask for a new link',
  'csrf.message':
    'This form has expired or does not come from this site; nothing was done. Reload the page ' +
    'and try again.',
  'wallet.title': 'My wallet',
  'wallet.hello': 'Hello {name}.',
  'wallet.balance': 'Wallet balance',
  'wallet.household': 'Wallet of the {name} household, shared by: {members}.',
  'wallet.spending': 'Spent from the wallet, per month',
  'wallet.spendingNote':
    'Refunds are deducted; today’s purchases count as soon as the till has sent them.',
  'wallet.noSpending': 'Nothing spent from the wallet yet.',
  'wallet.yearTotal': 'Total {year}',
  'wallet.entries': 'Movements',
  'wallet.noEntries': 'No movements yet.',
  'wallet.olderEntries': 'Only the latest {count} movements are shown.',
  'column.month': 'Month',
  'column.spent': 'Spent',
  'column.date': 'Date',
  'column.movement': 'Movement',
  'column.member': 'Member',
  'column.amount': 'Amount',
  'column.balanceAfter': 'Balance after',
  'kind.spend': 'Purchase',
  'kind.refund': 'Refund of a purchase',
  'kind.top_up': 'Top-up at the till',
  'kind.change_to_wallet': 'Change put on the wallet',
  'kind.bank_top_up': 'Bank transfer',
  'kind.invoice_top_up': 'Top-up by invoice',
  'kind.adjustment': 'Correction',
  'kind.payout': 'Payout of the balance',
  'logout.submit': 'Sign out',
  'error.title': 'Error',
  'error.notFound': 'This page does not exist.',
  'error.server': 'The server failed. Try again later.',
  'mail.subject': 'Your wallet sign-in link',
  'mail.intro': 'Hello,\n\nhere is your link to see your customer wallet:',
  'mail.forCustomer': 'For {name}:',
  'mail.outro':
    'The link works for 20 minutes and only once. If you did not ask for it, ignore this message.',
};

export type PortalTranslate = (
  key: PortalMessageKey,
  params?: Record<string, string | number>,
) => string;

export function portalTranslator(language: Language): PortalTranslate {
  const catalogue = language === 'en' ? en : fr;
  return (key, params = {}) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
}

export function isMovementKind(kind: string): kind is keyof typeof movementKeys {
  return kind in movementKeys;
}

export const movementKeys = {
  spend: 'kind.spend',
  refund: 'kind.refund',
  top_up: 'kind.top_up',
  change_to_wallet: 'kind.change_to_wallet',
  bank_top_up: 'kind.bank_top_up',
  invoice_top_up: 'kind.invoice_top_up',
  adjustment: 'kind.adjustment',
  payout: 'kind.payout',
} as const satisfies Record<string, PortalMessageKey>;
