// This till's own settings: its printer (how it is reached, paper width, code page, drawer),
// its language and how soon it locks. Saved through the host as a whole; the test print uses
// what was saved.
import { useState, type FormEvent } from 'react';
import type { PrinterSettings } from '../../../shared/device-settings.ts';
import { tillLanguages } from '../../../shared/device-settings.ts';
import { useT } from '../../i18n/context.tsx';
import { printFailureMessage } from '../../i18n/reasons.ts';
import { useTill } from '../till-context.tsx';
import { deviceInputOf, useDeviceSettings } from './device-settings-context.tsx';
import { FormNotice, SettingsField, type Notice } from './fields.tsx';
import {
  deviceDraftOf,
  deviceSettingsFromDraft,
  fieldOfIssuePath,
  type DeviceDraft,
  type FieldProblems,
} from './settings-forms.ts';

const transports: PrinterSettings['transport'][] = ['none', 'tcp', 'usb', 'serial'];

export function DeviceSection() {
  const t = useT();
  const { host } = useTill();
  const device = useDeviceSettings();
  const [draft, setDraft] = useState<DeviceDraft>(() =>
    deviceDraftOf(deviceInputOf(device.settings)),
  );
  const [problems, setProblems] = useState<FieldProblems>({});
  const [hostProblems, setHostProblems] = useState<Partial<Record<string, string>>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [printNotice, setPrintNotice] = useState<Notice>(null);
  const [isBusy, setBusy] = useState(false);
  const change = (patch: Partial<DeviceDraft>) => setDraft((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setHostProblems({});
    const checked = deviceSettingsFromDraft(draft, deviceInputOf(device.settings));
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) {
      setNotice({ kind: 'problem', text: t('settings.notSaved') });
      return;
    }
    setBusy(true);
    const outcome = await device.save(checked.value);
    setBusy(false);
    if (!outcome.ok) {
      const byField: Partial<Record<string, string>> = {};
      for (const issue of outcome.issues) byField[fieldOfIssuePath(issue.path)] = issue.message;
      setHostProblems(byField);
      setNotice({ kind: 'problem', text: t('settings.notSaved') });
      return;
    }
    setNotice({ kind: 'success', text: t('settings.device.saved') });
  };

  const testPrint = async () => {
    setPrintNotice(null);
    const outcome = await host.testPrint();
    setPrintNotice(
      outcome.ok
        ? { kind: 'success', text: t('settings.printer.testDone') }
        : { kind: 'problem', text: printFailureMessage(t, outcome.reason) },
    );
  };

  const field = (name: string) => ({
    name,
    problem: problems[name],
    serverProblem: hostProblems[name],
  });

  return (
    <form
      className="settings__section settings__form"
      onSubmit={(event) => void submit(event)}
      data-testid="settings-device"
    >
      <h2 className="settings__heading">{t('settings.printer.title')}</h2>
      <SettingsField label={t('settings.printer.transport')} {...field('transport')}>
        <select
          className="input"
          value={draft.transport}
          onChange={(event) =>
            change({ transport: event.target.value as PrinterSettings['transport'] })
          }
          data-testid="printer-transport"
        >
          {transports.map((transport) => (
            <option key={transport} value={transport}>
              {t(`settings.printer.transport.${transport}`)}
            </option>
          ))}
        </select>
      </SettingsField>
      {draft.transport === 'tcp' && (
        <>
          <SettingsField label={t('settings.printer.host')} {...field('host')}>
            <input
              className="input"
              value={draft.host}
              onChange={(event) => change({ host: event.target.value })}
              data-testid="printer-host"
            />
          </SettingsField>
          <SettingsField label={t('settings.printer.port')} {...field('port')}>
            <input
              className="input"
              value={draft.portText}
              inputMode="numeric"
              onChange={(event) => change({ portText: event.target.value })}
              data-testid="printer-port"
            />
          </SettingsField>
        </>
      )}
      {(draft.transport === 'usb' || draft.transport === 'serial') && (
        <SettingsField
          label={t('settings.printer.devicePath')}
          hint={t(`settings.printer.devicePath.${draft.transport}`)}
          {...field('devicePath')}
        >
          <input
            className="input"
            value={draft.devicePath}
            onChange={(event) => change({ devicePath: event.target.value })}
            data-testid="printer-device-path"
          />
        </SettingsField>
      )}
      <SettingsField label={t('settings.printer.width')} {...field('paperColumns')}>
        <select
          className="input"
          value={draft.paperColumns}
          onChange={(event) => change({ paperColumns: event.target.value === '32' ? 32 : 48 })}
          data-testid="printer-width"
        >
          <option value="48">{t('settings.printer.width.48')}</option>
          <option value="32">{t('settings.printer.width.32')}</option>
        </select>
      </SettingsField>
      <SettingsField label={t('settings.printer.codePage')} {...field('codePage')}>
        <select className="input" value="cp858" disabled data-testid="printer-code-page">
          <option value="cp858">CP858</option>
        </select>
      </SettingsField>
      <SettingsField label={t('settings.printer.drawerPin')} {...field('drawerPin')}>
        <select
          className="input"
          value={draft.drawerPin === null ? 'none' : String(draft.drawerPin)}
          onChange={(event) => {
            const value = event.target.value;
            change({ drawerPin: value === '2' ? 2 : value === '5' ? 5 : null });
          }}
          data-testid="printer-drawer-pin"
        >
          <option value="none">{t('settings.printer.drawerPin.none')}</option>
          <option value="2">2</option>
          <option value="5">5</option>
        </select>
      </SettingsField>

      <h2 className="settings__heading">{t('settings.device.title')}</h2>
      <SettingsField label={t('settings.device.language')} {...field('language')}>
        <select
          className="input"
          value={draft.language}
          onChange={(event) => change({ language: event.target.value === 'en' ? 'en' : 'fr' })}
          data-testid="device-language"
        >
          {tillLanguages.map((language) => (
            <option key={language} value={language}>
              {t(`settings.device.language.${language}`)}
            </option>
          ))}
        </select>
      </SettingsField>
      <SettingsField label={t('settings.device.lockAfter')} {...field('lockAfterIdleMinutes')}>
        <input
          className="input"
          value={draft.lockAfterIdleText}
          inputMode="numeric"
          onChange={(event) => change({ lockAfterIdleText: event.target.value })}
          data-testid="device-lock-minutes"
        />
      </SettingsField>

      <div className="settings__buttons">
        <button
          type="submit"
          className="button button--primary"
          disabled={isBusy}
          data-testid="device-save"
        >
          {t('settings.save')}
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => void testPrint()}
          data-testid="printer-test"
        >
          {t('settings.printer.test')}
        </button>
      </div>
      <FormNotice notice={notice} testId="device-notice" />
      <FormNotice notice={printNotice} testId="printer-test-result" />
    </form>
  );
}
