// The demo cooperative's members and the bank transfers that put money on their wallets, planned
// as plain data first (pure, from the seeded random sequence) and written through the ledger
// afterwards, so the same seed always gives the same people, cards and balances.
import { belgianIban, ean13, structuredCommunication } from './identifiers.ts';
import { emailDomain, emailLocalPart, firstNames, lastNames } from './people.ts';
import type { Random } from './random.ts';

export interface MemberCounts {
  customerCount: number;
  householdCount: number;
  /** Share of all customers who use a wallet; every household member does. */
  walletUserPercent: number;
}

export const demoMemberCounts: MemberCounts = {
  customerCount: 300,
  householdCount: 20,
  walletUserPercent: 40,
};

export interface PlannedMember {
  memberNumber: number;
  name: string;
  email: string | null;
  cardBarcode: string;
  iban: string | null;
  householdIndex: number | null;
  isWalletUser: boolean;
}

export interface PlannedHousehold {
  name: string;
}

export interface MemberPlan {
  households: PlannedHousehold[];
  members: PlannedMember[];
}

// Codes of banks common in Belgium; the account numbers after them are random.
const bankCodes = ['001', '063', '068', '103', '310', '363', '732', '734', '750'] as const;
const emailLessPercent = 10;

/** Builds members one by one, keeping their member numbers and e-mail addresses unique. */
function memberFactory(random: Random) {
  const usedEmails = new Set<string>();
  let memberNumber = 0;

  const uniqueEmail = (first: string, last: string): string => {
    const local = emailLocalPart(random, first, last);
    const domain = emailDomain(random);
    let candidate = `${local}@${domain}`;
    for (let suffix = 2; usedEmails.has(candidate); suffix += 1) {
      candidate = `${local}${suffix}@${domain}`;
    }
    usedEmails.add(candidate);
    return candidate;
  };

  return (first: string, last: string, householdIndex: number | null, isWalletUser: boolean) => {
    memberNumber += 1;
    const account = String(random.integer(0, 9_999_999)).padStart(7, '0');
    const member: PlannedMember = {
      memberNumber,
      name: `${first} ${last}`,
      email: random.chance(emailLessPercent) ? null : uniqueEmail(first, last),
      // A member card carries an in-store number (GS1 prefix 2) holding the member number.
      cardBarcode: ean13(`29${String(memberNumber).padStart(10, '0')}`),
      iban: isWalletUser ? belgianIban(random.pick(bankCodes), account) : null,
      householdIndex,
      isWalletUser,
    };
    return member;
  };
}

export function planMembers(random: Random, counts: MemberCounts = demoMemberCounts): MemberPlan {
  const makeMember = memberFactory(random);
  const households: PlannedHousehold[] = [];
  const members: PlannedMember[] = [];

  const householdLastNames = random.shuffled(lastNames).slice(0, counts.householdCount);
  for (const [householdIndex, last] of householdLastNames.entries()) {
    households.push({ name: `Famille ${last}` });
    const firsts = random.shuffled(firstNames).slice(0, random.integer(2, 3));
    for (const first of firsts) members.push(makeMember(first, last, householdIndex, true));
  }

  const singleCount = Math.max(0, counts.customerCount - members.length);
  const walletUserTarget = Math.round((counts.customerCount * counts.walletUserPercent) / 100);
  let walletUsersNeeded = Math.max(0, walletUserTarget - members.length);
  for (let remaining = singleCount; remaining > 0; remaining -= 1) {
    // Selection sampling: exactly the needed number of wallet users, spread over the list.
    const isWalletUser = random.integer(1, remaining) <= walletUsersNeeded;
    if (isWalletUser) walletUsersNeeded -= 1;
    members.push(makeMember(random.pick(firstNames), random.pick(lastNames), null, isWalletUser));
  }
  return { households, members };
}

export interface PlannedTopUp {
  /** Index into the plan's members: the one whose transfer it is. */
  memberIndex: number;
  amountMinor: number;
  occurredAt: string;
  description: string;
}

// What members usually transfer; a coop suggests round amounts on its top-up page.
const topUpAmountsMinor = [1_000, 2_000, 2_500, 3_000, 4_000, 5_000, 7_500, 10_000, 15_000, 20_000];
const topUpHistoryDaysMax = 90;

/** Each member's own structured communication, as the coop prints it on its top-up page. */
export function topUpCommunication(memberNumber: number): string {
  return structuredCommunication(`500${String(memberNumber).padStart(7, '0')}`);
}

/** A time during bank hours on one of the past days: when a statement line is dated. */
function bankBookingTime(random: Random, now: Date): string {
  const time = new Date(now.getTime() - random.integer(1, topUpHistoryDaysMax) * 86_400_000);
  time.setUTCHours(random.integer(7, 16), random.integer(0, 59), 0, 0);
  return time.toISOString();
}

/** One to three bank transfers per wallet over the last months, oldest first. */
export function planTopUps(random: Random, plan: MemberPlan, now: Date): PlannedTopUp[] {
  const walletHolders = new Map<string, number[]>();
  for (const [index, member] of plan.members.entries()) {
    if (!member.isWalletUser) continue;
    const key = member.householdIndex === null ? `m${index}` : `h${member.householdIndex}`;
    walletHolders.set(key, [...(walletHolders.get(key) ?? []), index]);
  }

  const topUps: PlannedTopUp[] = [];
  for (const holders of walletHolders.values()) {
    for (let count = random.integer(1, 3); count > 0; count -= 1) {
      const memberIndex = random.pick(holders);
      const member = plan.members[memberIndex];
      if (!member) throw new Error(`No member at ${memberIndex}`);
      topUps.push({
        memberIndex,
        amountMinor: random.pick(topUpAmountsMinor),
        occurredAt: bankBookingTime(random, now),
        description: `Virement ${topUpCommunication(member.memberNumber)}`,
      });
    }
  }
  return topUps.sort((left, right) => left.occurredAt.localeCompare(right.occurredAt));
}
