// Pairing this till with a ledger server: its address, a one-time code made in the back office
// or by the CLI, and the name the till goes by. The host exchanges the code for the till's
// token and keeps it; the caller then clears what belonged to the previous server and reloads.
import { useState, type FormEvent } from 'react';
import type { HostApi } from '../../../shared/host-api.ts';
import { useT } from '../../i18n/context.tsx';
import { pairingFailureMessage, serverCheckMessage } from '../../i18n/reasons.ts';
import './settings.css';

export interface PairingFormProps {
  host: HostApi;
  initialServerUrl?: string;
  initialTillName?: string;
  /** A reason the till may not be paired now (unsent orders), checked before the code is used. */
  checkBeforePairing: () => Promise<string | null>;
  /** Runs once the host has saved the new connection. */
  onPaired: () => Promise<void>;
}

type Notice = { kind: 'problem' | 'success'; text: string } | null;

export function PairingForm(props: PairingFormProps) {
  const t = useT();
  const [serverUrl, setServerUrl] = useState(props.initialServerUrl ?? '');
  const [code, setCode] = useState('');
  const [tillName, setTillName] = useState(props.initialTillName ?? '');
  const [isBusy, setBusy] = useState(false);
  const [testNotice, setTestNotice] = useState<Notice>(null);
  const [pairNotice, setPairNotice] = useState<Notice>(null);

  const testConnection = async () => {
    setBusy(true);
    setTestNotice(null);
    try {
      const check = await props.host.testServer(serverUrl);
      setTestNotice({ kind: check.ok ? 'success' : 'problem', text: serverCheckMessage(t, check) });
    } finally {
      setBusy(false);
    }
  };

  const pair = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setPairNotice(null);
    try {
      const blocked = await props.checkBeforePairing();
      if (blocked) {
        setPairNotice({ kind: 'problem', text: blocked });
        return;
      }
      const outcome = await props.host.pairTill({ serverUrl, code, tillName });
      if (!outcome.ok) {
        setPairNotice({ kind: 'problem', text: pairingFailureMessage(t, outcome.reason) });
        return;
      }
      setPairNotice({ kind: 'success', text: t('pairing.done') });
      await props.onPaired();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="pairing" onSubmit={(event) => void pair(event)} data-testid="pairing-form">
      <label className="field">
        <span className="field__label">{t('pairing.serverUrl')}</span>
        <input
          className="input"
          type="url"
          value={serverUrl}
          placeholder="https://caisse.example"
          onChange={(event) => setServerUrl(event.target.value)}
          data-testid="pairing-server-url"
        />
      </label>
      <div className="pairing__test">
        <button
          type="button"
          className="button button--ghost"
          onClick={() => void testConnection()}
          disabled={isBusy}
          data-testid="pairing-test"
        >
          {t('pairing.test')}
        </button>
        {testNotice && (
          <p
            className={`notice notice--${testNotice.kind}`}
            role="status"
            data-testid="pairing-test-result"
          >
            {testNotice.text}
          </p>
        )}
      </div>
      <label className="field">
        <span className="field__label">{t('pairing.code')}</span>
        <input
          className="input"
          value={code}
          autoComplete="off"
          placeholder="ABCD-EFGH"
          onChange={(event) => setCode(event.target.value)}
          data-testid="pairing-code"
        />
      </label>
      <label className="field">
        <span className="field__label">{t('pairing.tillName')}</span>
        <input
          className="input"
          value={tillName}
          maxLength={100}
          onChange={(event) => setTillName(event.target.value)}
          data-testid="pairing-till-name"
        />
      </label>
      <button
        type="submit"
        className="button button--primary"
        disabled={isBusy}
        data-testid="pairing-submit"
      >
        {t('pairing.submit')}
      </button>
      {pairNotice && (
        <p
          className={`notice notice--${pairNotice.kind}`}
          role={pairNotice.kind === 'problem' ? 'alert' : 'status'}
          data-testid="pairing-result"
        >
          {pairNotice.text}
        </p>
      )}
    </form>
  );
}
