// Which ledger server this till works with: the connection test, and pairing the till again
// with a one-time code (to move it to another server, or after its token was revoked). See
// local-store-reset.ts for why a till with unsent orders is not paired again and why the local
// store is deleted afterwards.
import { useState } from 'react';
import { useT } from '../../i18n/context.tsx';
import { serverCheckMessage } from '../../i18n/reasons.ts';
import { useTill } from '../till-context.tsx';
import { FormNotice, type Notice } from './fields.tsx';
import { deleteLocalStore, unsentWorkCount } from './local-store-reset.ts';
import { PairingForm } from './PairingForm.tsx';

export function ServerSection() {
  const t = useT();
  const { host, connection, db, engine } = useTill();
  const [notice, setNotice] = useState<Notice>(null);

  const testCurrent = async () => {
    const check = await host.testServer(connection.serverUrl);
    setNotice({ kind: check.ok ? 'success' : 'problem', text: serverCheckMessage(t, check) });
  };

  return (
    <section className="settings__section" data-testid="settings-server">
      <h2 className="settings__heading">{t('settings.server.title')}</h2>
      <dl className="settings__facts">
        <dt>{t('settings.server.url')}</dt>
        <dd data-testid="server-current-url">{connection.serverUrl}</dd>
        <dt>{t('settings.server.till')}</dt>
        <dd>{connection.tillName}</dd>
      </dl>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => void testCurrent()}
        data-testid="server-test-current"
      >
        {t('pairing.test')}
      </button>
      <FormNotice notice={notice} testId="server-test-result" />

      <h2 className="settings__heading">{t('settings.server.repair')}</h2>
      <p className="field__hint">{t('settings.server.repair.hint')}</p>
      <PairingForm
        host={host}
        initialServerUrl={connection.serverUrl}
        initialTillName={connection.tillName}
        checkBeforePairing={async () => {
          const unsent = await unsentWorkCount(db);
          return unsent > 0 ? t('settings.server.unsent', { count: String(unsent) }) : null;
        }}
        onPaired={async () => {
          engine.stop();
          await deleteLocalStore(db);
          window.location.reload();
        }}
      />
    </section>
  );
}
