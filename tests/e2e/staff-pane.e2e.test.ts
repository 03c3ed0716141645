// The settings pane's staff tab in real Chromium against a real server seeded with a manager
// (Mona) and a cashier (Camille). A cashier added on one till signs in with their PIN on both
// once they have pulled; a new PIN and role are kept by the server; mismatched PINs, a name
// already taken and the last active manager disabled are refused with their messages and change
// nothing on the server; a disabled cashier leaves the lock screens; an edit is refused offline;
// and a manager who changes their own PIN is sent out of the pane to approve again.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../renderer/i18n/i18n.ts';
import type { StaffMember } from '../../shared/domain.ts';
import { verifyPin } from '../../shared/pin.ts';
import { testStaff } from '../support/store.ts';
import {
  lockTill,
  screenTimeoutMs,
  signIn,
  textOf,
  waitForOnline,
} from './support/till-actions.ts';
import { openTill, startTillHarness, type TillHarness } from './support/till-harness.ts';

const t = createTranslator('fr');
const suiteTimeoutMs = 240_000;
/** The poke and the pull take well under a second; this allows for two browsers on two cores. */
const syncTimeoutMs = 10_000;
const newcomer = { name: 'Bastien', pin: '8642' };

/**
 * Approves as the manager given. A manager signed in at the till is offered their own PIN pad
 * first; going back to the list lets another manager approve instead.
 */
async function approveAs(page: Page, person: { name: string; pin: string }): Promise<void> {
  const dialog = page.getByTestId('manager-approval');
  await dialog.waitFor({ timeout: screenTimeoutMs });
  const choice = dialog.locator(`[data-testid="staff-choice"][data-staff-name="${person.name}"]`);
  await choice.or(dialog.getByTestId('pin-pad')).first().waitFor({ timeout: screenTimeoutMs });
  if (!(await choice.isVisible())) await dialog.getByTestId('pin-back').click();
  await choice.click();
  for (const digit of person.pin) await dialog.getByTestId(`pin-key-${digit}`).click();
  await dialog.getByTestId('pin-ok').click();
}

/** Opens the settings pane on its staff tab, approved by the manager given (Mona by default). */
async function openStaffTab(
  page: Page,
  manager: { name: string; pin: string } = testStaff.manager,
): Promise<void> {
  await page.getByTestId('settings-button').click();
  await approveAs(page, manager);
  await page.getByTestId('settings-pane').waitFor({ timeout: screenTimeoutMs });
  await page.getByTestId('settings-tab-staff').click();
  await page.getByTestId('settings-staff').waitFor({ timeout: screenTimeoutMs });
}

async function closeSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-close').click();
  await page.getByTestId('settings-pane').waitFor({ state: 'detached' });
}

function staffRow(page: Page, name: string) {
  return page.locator(`[data-testid="staff-row"][data-staff-name="${name}"]`);
}

function lockChoice(page: Page, name: string) {
  return page.locator(
    `[data-testid="lock-screen"] [data-testid="staff-choice"][data-staff-name="${name}"]`,
  );
}

async function fillStaffForm(
  page: Page,
  fields: { name?: string; role?: 'cashier' | 'manager'; pin?: string; pinAgain?: string },
): Promise<void> {
  await page.getByTestId('staff-form').waitFor({ timeout: screenTimeoutMs });
  if (fields.name !== undefined) await page.getByTestId('staff-name-input').fill(fields.name);
  if (fields.role !== undefined) await page.getByTestId('staff-role').selectOption(fields.role);
  if (fields.pin !== undefined) await page.getByTestId('staff-pin').fill(fields.pin);
  if (fields.pinAgain !== undefined)
    await page.getByTestId('staff-pin-again').fill(fields.pinAgain);
}

/** The staff as this till's local store holds them, PIN hashes included. */
async function localStaff(page: Page): Promise<StaffMember[]> {
  return page.evaluate(
    () =>
      new Promise<StaffMember[]>((resolve) => {
        const request = indexedDB.open('caisse-till');
        request.onsuccess = () => {
          const all = request.result.transaction('staff').objectStore('staff').getAll();
          all.onsuccess = () => {
            request.result.close();
            resolve(all.result as StaffMember[]);
          };
        };
      }),
  );
}

describe('managing the staff from the till', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;
  const serverMember = async (name: string) =>
    (await harness.server.ledger.listStaff()).find((member) => member.name === name);

  beforeAll(async () => {
    harness = await startTillHarness({ tillCount: 2 });
    for (const till of harness.tills) await openTill(harness, till);
    for (const till of harness.tills) await waitForOnline(till.page, true);
  }, suiteTimeoutMs);
  afterAll(() => harness?.close());

  it('adds a cashier who then signs in with that PIN on both tills', async () => {
    const [first, second] = harness.tills.map((till) => till.page);
    await openStaffTab(first!);
    await first!.getByTestId('staff-new').click();
    await fillStaffForm(first!, {
      name: newcomer.name,
      role: 'cashier',
      pin: newcomer.pin,
      pinAgain: newcomer.pin,
    });
    await first!.getByTestId('staff-save').click();

    await staffRow(first!, newcomer.name).waitFor({ timeout: syncTimeoutMs });
    expect(await staffRow(first!, newcomer.name).getAttribute('data-active')).toBe('true');
    const saved = await serverMember(newcomer.name);
    expect(saved).toMatchObject({ role: 'cashier', isActive: true });
    expect(await verifyPin(newcomer.pin, saved!.pinHash)).toBe(true);
    expect(await first!.getByTestId('settings-staff').innerText()).not.toContain(saved!.pinHash);
    await closeSettings(first!);

    for (const page of [first!, second!]) {
      await lockTill(page);
      await lockChoice(page, newcomer.name).waitFor({ timeout: syncTimeoutMs });
      await signIn(page, newcomer.name, newcomer.pin);
      expect(await textOf(page, 'staff-name')).toBe(newcomer.name);
    }
  });

  it('refuses PINs that differ and a name already taken, and changes nothing', async () => {
    const page = harness.tills[0]!.page;
    const before = await harness.server.ledger.listStaff();
    await openStaffTab(page);
    await page.getByTestId('staff-new').click();

    await fillStaffForm(page, { name: 'Zoé', pin: '1111', pinAgain: '1112' });
    await page.getByTestId('staff-save').click();
    expect(await textOf(page, 'problem-pinAgain')).toBe(t('settings.problem.pin_mismatch'));
    expect(await textOf(page, 'staff-notice')).toBe(t('settings.notSaved'));

    await fillStaffForm(page, { name: '', pin: '12', pinAgain: '12' });
    await page.getByTestId('staff-save').click();
    expect(await textOf(page, 'problem-name')).toBe(t('settings.problem.required'));
    expect(await textOf(page, 'problem-pin')).toBe(t('settings.problem.pin_format'));

    // Another active member's name, however it is spelt, is the server's to refuse.
    await fillStaffForm(page, { name: 'camille', pin: '1111', pinAgain: '1111' });
    await page.getByTestId('staff-save').click();
    await expect
      .poll(() => textOf(page, 'staff-notice'), { timeout: screenTimeoutMs })
      .toBe(t('settings.refusal.invalid'));
    // The server's rule is said in French, with the name as it was typed.
    expect(await textOf(page, 'problem-name')).toBe(
      t('settings.rule.staff_name_taken', { name: 'camille' }),
    );
    await page.getByTestId('staff-cancel').click();

    expect(await harness.server.ledger.listStaff()).toEqual(before);
    expect(await page.getByTestId('staff-row').count()).toBe(before.length);
    await closeSettings(page);
  });

  it('refuses to disable the last active manager with the server’s reason', async () => {
    const page = harness.tills[0]!.page;
    const before = await harness.server.ledger.listStaff();
    await openStaffTab(page);
    await staffRow(page, testStaff.manager.name).getByTestId('staff-toggle').click();
    await expect
      .poll(() => textOf(page, 'staff-list-notice'), { timeout: screenTimeoutMs })
      .toBe(t('settings.staff.lastActiveManager'));
    expect(await staffRow(page, testStaff.manager.name).getAttribute('data-active')).toBe('true');
    expect(await harness.server.ledger.listStaff()).toEqual(before);
    // The refusal spent nothing: the pane stays open on the same approval.
    expect(await page.getByTestId('settings-pane').count()).toBe(1);
    await closeSettings(page);
  });

  it('gives a member a new PIN and the manager role', async () => {
    const page = harness.tills[0]!.page;
    const newPin = '753159';
    await openStaffTab(page);
    await staffRow(page, newcomer.name).getByTestId('staff-edit').click();
    await fillStaffForm(page, { role: 'manager', pin: newPin, pinAgain: newPin });
    await page.getByTestId('staff-save').click();
    await expect
      .poll(() => staffRow(page, newcomer.name).getByTestId('staff-row-role').innerText(), {
        timeout: syncTimeoutMs,
      })
      .toContain(t('settings.staff.role.manager'));
    const saved = await serverMember(newcomer.name);
    expect(saved).toMatchObject({ role: 'manager', isActive: true });
    expect(await verifyPin(newPin, saved!.pinHash)).toBe(true);
    await closeSettings(page);
    newcomer.pin = newPin;

    await lockTill(page);
    await expect
      .poll(async () => (await localStaff(page)).find((member) => member.id === saved!.id), {
        timeout: syncTimeoutMs,
      })
      .toMatchObject({ pinHash: saved!.pinHash });
    await signIn(page, newcomer.name, newPin);
  });

  it('takes a disabled cashier off the lock screens, and back when enabled', async () => {
    const [first, second] = harness.tills.map((till) => till.page);
    const cashier = testStaff.cashier.name;
    await openStaffTab(first!);
    await staffRow(first!, cashier).getByTestId('staff-toggle').click();
    await expect
      .poll(() => staffRow(first!, cashier).getAttribute('data-active'), {
        timeout: syncTimeoutMs,
      })
      .toBe('false');
    expect(await textOf(first!, 'staff-list-notice')).toBe(t('settings.staff.saved'));
    expect(await serverMember(cashier)).toMatchObject({ isActive: false });
    await closeSettings(first!);

    for (const page of [first!, second!]) {
      await lockTill(page);
      await lockChoice(page, newcomer.name).waitFor({ timeout: screenTimeoutMs });
      await expect
        .poll(() => lockChoice(page, cashier).count(), { timeout: syncTimeoutMs })
        .toBe(0);
      await signIn(page, newcomer.name, newcomer.pin);
    }

    await openStaffTab(first!);
    await staffRow(first!, cashier).getByTestId('staff-toggle').click();
    await expect
      .poll(() => staffRow(first!, cashier).getAttribute('data-active'), {
        timeout: syncTimeoutMs,
      })
      .toBe('true');
    await closeSettings(first!);
    await lockTill(second!);
    await lockChoice(second!, cashier).waitFor({ timeout: syncTimeoutMs });
    await signIn(second!, newcomer.name, newcomer.pin);
  });

  it('refuses a staff change offline and changes nothing', async () => {
    const page = harness.tills[0]!.page;
    const before = await harness.server.ledger.listStaff();
    await openStaffTab(page);
    await harness.setServerReachable(false);
    await waitForOnline(page, false);
    try {
      await staffRow(page, testStaff.cashier.name).getByTestId('staff-edit').click();
      await fillStaffForm(page, { role: 'manager' });
      await page.getByTestId('staff-save').click();
      await expect
        .poll(() => textOf(page, 'staff-notice'), { timeout: screenTimeoutMs })
        .toBe(t('settings.refusal.offline'));
      await page.getByTestId('staff-cancel').click();
      await staffRow(page, testStaff.cashier.name).getByTestId('staff-toggle').click();
      await expect
        .poll(() => textOf(page, 'staff-list-notice'), { timeout: screenTimeoutMs })
        .toBe(t('settings.refusal.offline'));
    } finally {
      await harness.setServerReachable(true);
    }
    await waitForOnline(page, true);
    expect(await harness.server.ledger.listStaff()).toEqual(before);
    expect(await staffRow(page, testStaff.cashier.name).textContent()).toContain(
      t('settings.staff.role.cashier'),
    );
    await closeSettings(page);
  });

  it('closes the pane when the approving manager changes their own PIN', async () => {
    const page = harness.tills[0]!.page;
    const mona = { name: testStaff.manager.name, pin: '97531' };
    await openStaffTab(page);
    await staffRow(page, mona.name).getByTestId('staff-edit').click();
    await fillStaffForm(page, { pin: mona.pin, pinAgain: mona.pin });
    await page.getByTestId('staff-save').click();
    await page.getByTestId('settings-pane').waitFor({ state: 'detached', timeout: syncTimeoutMs });
    const saved = await serverMember(mona.name);
    expect(await verifyPin(mona.pin, saved!.pinHash)).toBe(true);

    await expect
      .poll(async () => (await localStaff(page)).find((member) => member.id === saved!.id), {
        timeout: syncTimeoutMs,
      })
      .toMatchObject({ pinHash: saved!.pinHash });
    await openStaffTab(page, mona);
    expect(await textOf(page, 'settings-approver')).toContain(mona.name);
    await closeSettings(page);
  });
});
