// The running till's services, handed to every screen through context so that components take
// what they need without threading it through props.
import { createContext, useContext, type ReactNode } from 'react';
import type { TillServices } from './boot.ts';

const TillContext = createContext<TillServices | null>(null);

export function TillProvider(props: { services: TillServices; children: ReactNode }) {
  return <TillContext.Provider value={props.services}>{props.children}</TillContext.Provider>;
}

export function useTill(): TillServices {
  const services = useContext(TillContext);
  if (!services) throw new Error('useTill needs a TillProvider above it');
  return services;
}
