// Who shops at the demo cooperative: first and last names as they appear in a French-speaking
// Belgian town (Walloon, Brussels and a few Flemish families), accents included, because the
// till, the receipts and the search must all handle "Françoise Lefèvre" as well as "Bob Smith".
import type { Random } from './random.ts';

// prettier-ignore
export const firstNames = [
  'Gérard', 'Françoise', 'Léa', 'Chloé', 'Zoé', 'Hélène', 'Anaïs', 'Noémie', 'Mélanie', 'Céline',
  'Émilie', 'Inès', 'Maëlle', 'Joël', 'Jérôme', 'Théo', 'Raphaël', 'Noé', 'Loïc', 'Benoît',
  'Cédric', 'Frédéric', 'Sébastien', 'François', 'André', 'Thérèse', 'Renée', 'Aurélie', 'Amélie',
  'Éloïse', 'Clémence', 'Maxime', 'Lucas', 'Louis', 'Hugo', 'Arthur', 'Jules', 'Victor', 'Nathan',
  'Adèle', 'Juliette', 'Camille', 'Manon', 'Sarah', 'Emma', 'Marie', 'Luc', 'Marc', 'Pierre',
  'Jean', 'Michel', 'Philippe', 'Christophe', 'Olivier', 'Nicolas', 'Julien', 'Thomas', 'Antoine',
  'Baptiste', 'Mathilde', 'Pauline', 'Margaux', 'Élise', 'Sophie', 'Isabelle', 'Nathalie',
  'Valérie', 'Véronique', 'Brigitte', 'Monique', 'Josée', 'Ghislaine', 'Yves', 'René', 'Léon',
  'Désiré', 'Gaëtan', 'Grégoire', 'Hervé', 'Aurélien', 'Jérémy', 'Anne-Sophie', 'Jean-François',
  'Marie-Hélène', 'Bérénice', 'Capucine', 'Éric', 'Stéphane', 'Geneviève', 'Ludovic', 'Rémi',
] as const;

// prettier-ignore
export const lastNames = [
  'Dubois', 'Lambert', 'Dupont', 'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems',
  'Claes', 'Goossens', 'Wouters', 'De Smet', 'Lemaire', 'Leclercq', 'Renard', 'Lejeune',
  'Laurent', 'Simon', 'Martin', 'Dumont', 'Denis', 'Dupuis', 'Leroy', 'François', 'Hermans',
  'Van Damme', 'Collard', 'Gérard', 'Masson', 'Lefèvre', 'Noël', 'Mathieu', 'Thiry', 'Delvaux',
  'Piette', 'Lambotte', 'Hubert', 'Pirard', 'Bastin', 'Wéry', 'Léonard', 'Gilson', 'Marchal',
  'Février', 'Dethier', 'Évrard', 'Jacquemin', 'Gillet', 'Henrard', 'Goffin', 'Bodart',
  'Delhaye', 'Fontaine', 'Desmet', 'Vandenberghe', 'Château', 'Crèvecœur', "D'Hondt", 'Hénin',
  'Lecocq', 'Mélotte', 'Quévy', 'Stévenart', 'Brasseur', 'Vanderstraeten', 'Baudoux', 'Dewaele',
] as const;

// prettier-ignore
const emailDomains = [
  'skynet.be', 'proximus.be', 'telenet.be', 'voo.be', 'gmail.com', 'outlook.be', 'hotmail.com',
  'scarlet.be', 'yahoo.fr',
] as const;

/** "Crèvecœur" → "crevecoeur", "D'Hondt" → "dhondt": what people type in an e-mail address. */
export function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .toLowerCase()
    .replace(/[^a-z-]/g, '');
}

/** The part before the @, in one of the forms people usually choose. */
export function emailLocalPart(random: Random, first: string, last: string): string {
  const firstPart = emailPart(first);
  const lastPart = emailPart(last);
  return random.pick([
    `${firstPart}.${lastPart}`,
    `${firstPart.slice(0, 1)}${lastPart}`,
    `${lastPart}.${firstPart}`,
  ]);
}

export function emailDomain(random: Random): string {
  return random.pick(emailDomains);
}
