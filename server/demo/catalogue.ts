// The shelves of the demo cooperative: what a Belgian neighbourhood grocery sells, with the
// Belgian VAT rates (6 % for food, water and juices; 21 % for alcohol and everything that is not
// food). Each family lists articles with a typical shelf price in cents and the sizes they come
// in; a size scales the price, and the seed moves each price a little so two seeds differ.
// Weighed goods are priced per kilogram: the till sells them by the gram, as quantities in
// thousandths, so 1,250 kg of carrots at 2,49 €/kg is 3,11 €.
import type { NewProduct } from '../ledger/catalog.ts';
import { divideRoundedHalfAway } from '../../shared/money.ts';
import { ean13 } from './identifiers.ts';
import type { Random } from './random.ts';

export const foodTaxRateBasisPoints = 600;
export const nonFoodTaxRateBasisPoints = 2100;

type Article = readonly [name: string, typicalPriceMinor: number];

interface ProductFamily {
  articles: readonly Article[];
  /** Label appended to the name and the price relative to the typical one, in percent. */
  sizes: readonly (readonly [label: string, pricePercent: number])[];
  taxRateBasisPoints: number;
  isWeighed: boolean;
}

const single = [['', 100]] as const;
const food = foodTaxRateBasisPoints;
const nonFood = nonFoodTaxRateBasisPoints;
/** How far the seed may move a typical price, in percent either way. */
const priceSpreadPercent = 8;

function packaged(
  articles: readonly Article[],
  sizes: ProductFamily['sizes'],
  taxRateBasisPoints: number,
): ProductFamily {
  return { articles, sizes, taxRateBasisPoints, isWeighed: false };
}

/** Loose fruit, vegetables, cheese at the counter and bulk goods: all food, priced per kg. */
function weighed(articles: readonly Article[]): ProductFamily {
  return { articles, sizes: [['(au kg)', 100]], taxRateBasisPoints: food, isWeighed: true };
}

// prettier-ignore
const families: readonly ProductFamily[] = [
  weighed([['Pommes Jonagold', 249], ['Pommes Boskoop', 279], ['Poires Conférence', 299],
    ['Bananes bio', 239], ['Oranges à jus', 219], ['Citrons', 349], ['Kiwis', 399],
    ['Raisins blancs', 449], ['Clémentines', 289], ['Prunes', 379]]),
  weighed([['Pommes de terre Bintje', 129], ['Carottes', 149], ['Poireaux', 299], ['Chicons', 399],
    ['Tomates grappe', 349], ['Oignons jaunes', 169], ['Courgettes', 279],
    ['Choux de Bruxelles', 329], ['Céleri-rave', 249], ['Potiron', 199], ['Panais', 359],
    ['Betteraves rouges', 229]]),
  weighed([['Fromage de Herve à la coupe', 1890], ['Passendale à la coupe', 1790],
    ['Chimay à la bière', 2290], ['Maredsous à la coupe', 1990], ['Comté 18 mois', 2990],
    ['Gouda vieux', 1890], ['Brie de Meaux', 2190], ['Emmental', 1590]]),
  weighed([['Lentilles vertes en vrac', 449], ['Pois chiches en vrac', 399],
    ['Riz basmati en vrac', 429], ["Flocons d'avoine en vrac", 329],
    ['Noix de cajou en vrac', 2390], ['Amandes en vrac', 1990], ['Raisins secs en vrac', 899],
    ['Quinoa en vrac', 1190], ["Farine d'épeautre en vrac", 349], ['Muesli en vrac', 799]]),
  packaged([['Spaghetti', 149], ['Penne', 149], ['Fusilli', 159], ['Farfalle', 169],
    ['Tagliatelles', 219], ['Coquillettes', 139]], [['500 g', 100], ['1 kg', 185]], food),
  packaged([['Riz basmati', 249], ['Riz complet', 229], ['Couscous', 189], ['Boulgour', 239],
    ['Semoule de blé', 169], ['Polenta', 259]], [['500 g', 100], ['1 kg', 180]], food),
  packaged([['Lait demi-écrémé', 119], ['Lait entier', 139], ["Boisson d'avoine", 219],
    ['Boisson au soja', 199]], [['1 L', 100], ['6 × 1 L', 560]], food),
  packaged([['Yaourt nature', 179], ['Yaourt à la vanille', 219], ['Yaourt à la fraise', 219],
    ['Yaourt grec', 289], ['Fromage blanc', 199], ['Skyr', 299]],
    [['4 × 125 g', 100], ['1 kg', 170]], food),
  packaged([['Fromage de Herve', 389], ['Passendale', 349], ['Maredsous', 399], ['Chimay', 429],
    ['Brugge Oud', 359], ['Gouda jeune', 279], ['Camembert', 299], ['Mozzarella', 229]],
    [['200 g', 100], ['400 g', 185]], food),
  packaged([['Pain gris 800 g', 319], ['Pain blanc 800 g', 289], ['Pain au levain 800 g', 449],
    ['Pain complet 800 g', 339], ["Pain d'épeautre 500 g", 399], ['Baguette', 139],
    ['Pistolets (6 pièces)', 269], ['Cramique 400 g', 349], ['Craquelin 400 g', 389],
    ['Croissant', 109], ['Pain au chocolat', 119], ['Couque suisse', 159]], single, food),
  packaged([['Speculoos', 219], ['Gaufres de Liège', 329], ['Biscuits au beurre', 249],
    ['Cigarettes russes', 299], ['Pain à la grecque', 279], ['Galettes au chocolat', 269],
    ['Macarons coco', 239], ['Lukken', 289]], [['200 g', 100], ['400 g', 180]], food),
  packaged([['Chocolat noir 72 %', 249], ['Chocolat au lait', 229], ['Chocolat blanc', 229],
    ['Chocolat aux noisettes', 259], ['Pâte à tartiner aux noisettes', 299],
    ['Pralines assorties', 749]], [['100 g', 100], ['250 g', 230]], food),
  packaged([['Confiture de fraises', 299], ["Confiture d'abricots", 289],
    ['Confiture de framboises', 329], ['Sirop de Liège', 349], ['Miel de fleurs', 599],
    ['Miel de tilleul', 649], ['Compote de pommes', 199], ['Beurre de cacahuète', 379]],
    [['370 g', 100], ['750 g', 180]], food),
  packaged([['Café moulu arabica', 449], ['Café en grains', 529], ['Café décaféiné', 499],
    ['Thé vert', 389], ['Thé Earl Grey', 359], ['Infusion camomille', 329],
    ['Infusion menthe', 329], ['Chicorée', 279]], [['250 g', 100], ['500 g', 185]], food),
  packaged([['Tomates pelées 400 g', 99], ['Concentré de tomates 140 g', 89],
    ['Haricots blancs 400 g', 119], ['Pois chiches 400 g', 109], ['Lentilles cuites 400 g', 129],
    ['Maïs doux 300 g', 119], ['Petits pois carottes 400 g', 139], ['Thon au naturel 160 g', 259],
    ["Sardines à l'huile 125 g", 219], ['Filets de maquereau 125 g', 199]], single, food),
  packaged([["Huile d'olive vierge extra 75 cl", 899], ['Huile de tournesol 1 L', 279],
    ['Vinaigre de vin 50 cl', 149], ['Moutarde de Dijon 370 g', 199], ['Mayonnaise 500 ml', 269],
    ['Sauce andalouse 300 ml', 229], ['Ketchup 500 ml', 219], ['Sel de mer 1 kg', 129],
    ['Poivre noir moulu 50 g', 249], ['Sucre fin 1 kg', 159], ['Cassonade brune 500 g', 199],
    ['Farine de froment 1 kg', 119]], single, food),
  packaged([['Frites surgelées 1 kg', 299], ['Épinards en branches 750 g', 249],
    ['Haricots verts 750 g', 269], ['Petits pois 1 kg', 279],
    ['Croquettes de crevettes (4 pièces)', 899], ['Boulettes sauce tomate 800 g', 749],
    ['Pizza margherita 400 g', 399], ['Glace vanille 1 L', 449]], single, food),
  packaged([['Filet de poulet 500 g', 799], ['Haché porc et veau 500 g', 599],
    ['Saucisses de campagne 400 g', 549], ["Jambon d'Ardenne 100 g", 399],
    ['Jambon cuit 150 g', 299], ['Filet de dinde 150 g', 329], ['Américain préparé 250 g', 449],
    ['Boudin blanc 300 g', 479], ['Carbonnades flamandes 600 g', 1099],
    ['Vol-au-vent 500 g', 849], ['Salade de poulet au curry 200 g', 329],
    ['Pâté de campagne 200 g', 349]], single, food),
  packaged([['Œufs bio', 299], ['Œufs de plein air', 239]],
    [['6 pièces', 100], ['10 pièces', 160]], food),
  packaged([['Eau plate', 69], ['Eau pétillante', 79]], [['1,5 L', 100], ['6 × 1,5 L', 550]], food),
  packaged([["Jus d'orange 1 L", 289], ['Jus de pomme 1 L', 219], ['Jus multifruits 1 L', 249],
    ['Nectar de poire 1 L', 269]], single, food),
  packaged([['Chips sel 200 g', 199], ['Chips paprika 200 g', 199],
    ['Cacahuètes salées 250 g', 229], ['Noix de cajou grillées 150 g', 399],
    ['Olives vertes 200 g', 249], ["Crackers à l'épeautre 150 g", 289]], single, food),
  packaged([['Bière blonde', 149], ['Bière brune', 159], ["Triple d'abbaye", 199],
    ['Gueuze', 219], ['Kriek', 199], ['Bière blanche', 139], ['Saison', 179],
    ['Bière ambrée', 169]], [['33 cl', 100], ['6 × 33 cl', 560]], nonFood),
  packaged([['Côtes du Rhône rouge 75 cl', 899], ['Muscadet blanc 75 cl', 849],
    ['Rosé de Provence 75 cl', 999], ['Crémant de Bourgogne 75 cl', 1399],
    ['Bordeaux rouge 75 cl', 1099], ['Cava brut 75 cl', 899], ['Genièvre 70 cl', 1799],
    ['Pèkèt 70 cl', 1599]], single, nonFood),
  packaged([['Savon de Marseille', 349], ['Savon au lait de chèvre', 449],
    ['Shampoing doux', 499], ['Après-shampoing', 529], ['Gel douche', 349], ['Dentifrice', 299],
    ['Brosse à dents', 249], ['Déodorant', 399], ['Crème hydratante', 899], ['Coton-tiges', 199],
    ['Rasoirs jetables', 479], ['Baume à lèvres', 299]], single, nonFood),
  packaged([['Lessive liquide 1,5 L', 899], ['Lessive en poudre 2 kg', 1099],
    ['Adoucissant 1 L', 449], ['Liquide vaisselle 500 ml', 279],
    ['Tablettes lave-vaisselle (30 pièces)', 749], ['Nettoyant multi-surfaces 750 ml', 349],
    ['Vinaigre ménager 1 L', 199], ['Savon noir 1 L', 599], ['Éponges (3 pièces)', 219],
    ['Sacs poubelle 60 L', 399], ['Papier toilette (8 rouleaux)', 549],
    ['Essuie-tout (2 rouleaux)', 299], ['Mouchoirs (10 paquets)', 199],
    ['Film alimentaire', 249], ['Papier aluminium', 299],
    ['Bougies chauffe-plat (30 pièces)', 449], ['Allumettes', 129],
    ['Piles AA (4 pièces)', 649]], single, nonFood),
  packaged([['Sac cabas réutilisable', 299], ['Bocal en verre 1 L', 399],
    ['Gourde inox 50 cl', 1499], ['Torchon de cuisine', 599], ['Carte de vœux', 299]], single,
    nonFood),
];

/** A price as on a shelf label: whole ten cents minus one, so 2,49 € rather than 2,47 €. */
export function shelfPriceMinor(numerator: number, denominator: number): number {
  const tenCents = divideRoundedHalfAway(BigInt(numerator), BigInt(denominator) * 10n);
  return Math.max(9, Number(tenCents) * 10 - 1);
}

/**
 * Packaged articles get a Belgian-range EAN-13 (GS1 prefix 54); weighed goods an in-store number
 * (GS1 prefix 2, restricted circulation) such as a shop gives its own scale articles. The item
 * part is the article's position in the catalogue, so no two articles share a barcode.
 */
function barcodeFor(item: number, supplierCode: string, isWeighed: boolean): string {
  const itemPart = String(item).padStart(5, '0');
  return ean13(isWeighed ? `21${itemPart}00000` : `54${supplierCode}${itemPart}`);
}

export interface PlannedProduct {
  product: NewProduct;
  isWeighed: boolean;
}

/** The demo catalogue, the same for the same random sequence. */
export function planProducts(random: Random): PlannedProduct[] {
  const planned: PlannedProduct[] = [];
  for (const productFamily of families) {
    const supplierCode = String(random.integer(10_000, 99_999));
    for (const [name, typicalPriceMinor] of productFamily.articles) {
      const spreadPercent = random.integer(100 - priceSpreadPercent, 100 + priceSpreadPercent);
      for (const [label, pricePercent] of productFamily.sizes) {
        const product: NewProduct = {
          name: label === '' ? name : `${name} ${label}`,
          barcode: barcodeFor(planned.length + 1, supplierCode, productFamily.isWeighed),
          priceMinor: shelfPriceMinor(typicalPriceMinor * spreadPercent * pricePercent, 10_000),
          taxRateBasisPoints: productFamily.taxRateBasisPoints,
          isWalletCredit: false,
          isService: false,
        };
        planned.push({ product, isWeighed: productFamily.isWeighed });
      }
    }
  }
  return planned;
}
