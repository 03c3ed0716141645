// What the till shows before it can sell: starting, or why it cannot start. A till that is not
// paired offers the pairing form, and starts on the new server once paired.
import type { HostApi } from '../../../shared/host-api.ts';
import { useT } from '../../i18n/context.tsx';
import { deleteLeftoverStore, unsentWorkInLeftoverStore } from '../settings/local-store-reset.ts';
import { PairingForm } from '../settings/PairingForm.tsx';

export type BootScreenState = 'starting' | 'no_host' | 'not_paired' | 'failed';

export function BootScreen(props: { state: BootScreenState; host: HostApi | null }) {
  const t = useT();
  if (props.state === 'starting') {
    return (
      <main className="boot" aria-busy="true">
        <p className="boot__loading">{t('boot.loading')}</p>
      </main>
    );
  }
  if (props.state === 'failed') {
    return (
      <main className="boot" data-testid="boot-failed">
        <section className="boot__card" role="alert">
          <h1>{t('boot.failed.title')}</h1>
          <p>{t('boot.failed.body')}</p>
        </section>
      </main>
    );
  }
  return (
    <main className="boot" data-testid="not-paired">
      <section className="boot__card">
        <div className="boot__badge" aria-hidden="true">
          ⌁
        </div>
        <h1>{t('notPaired.title')}</h1>
        <p>{props.state === 'no_host' ? t('notPaired.noHost') : t('notPaired.body')}</p>
        {props.state === 'not_paired' && <p className="boot__steps">{t('notPaired.steps')}</p>}
        {props.state === 'not_paired' && props.host && (
          <PairingForm
            host={props.host}
            checkBeforePairing={async () =>
              (await unsentWorkInLeftoverStore()) > 0 ? t('pairing.leftoverUnsent') : null
            }
            onPaired={async () => {
              // Whatever a previous pairing left has nothing owed to a server (checked above).
              await deleteLeftoverStore();
              window.location.reload();
            }}
          />
        )}
      </section>
    </main>
  );
}
