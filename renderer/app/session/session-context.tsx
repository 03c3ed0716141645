// The session open on this till, for every screen: the sale stamps its orders with it, the
// header offers to close it. Until one is open, the gate asks for the cash float instead of
// showing the selling screens.
import { createContext, useContext, type ReactNode } from 'react';
import type { TillSession } from '../../store/database.ts';
import { readOpenSession } from '../../session/sessions.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useTill } from '../till-context.tsx';
import { OpenSessionScreen } from './OpenSessionScreen.tsx';

const SessionContext = createContext<TillSession | null>(null);

/** The open session, null when none is, `undefined` while the store is being read. */
export function useOpenSessionQuery(): TillSession | null | undefined {
  const { db } = useTill();
  return useLiveQuery<TillSession | null | undefined>(() => readOpenSession(db), [db], undefined);
}

/** Shows the selling screens only while a session is open, and the open screen otherwise. */
export function SessionGate(props: { children: ReactNode }) {
  const session = useOpenSessionQuery();
  // Nothing while the store is being read, so the open screen does not flash at start.
  if (session === undefined) return null;
  if (session === null) return <OpenSessionScreen />;
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

export function useOpenSession(): TillSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useOpenSession needs a SessionGate with an open session above it');
  return session;
}
