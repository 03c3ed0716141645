// The preload exposes exactly the host interface, each method one IPC call; the page never sees
// ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import type { HostApi } from '../../shared/host-api.ts';
import { hostApiGlobalName } from '../../shared/host-api.ts';

export const exposedHostApi: HostApi = {
  appInfo: () => ipcRenderer.invoke('app:info') as ReturnType<HostApi['appInfo']>,
  printReceipt: (receipt) =>
    ipcRenderer.invoke('printer:print', receipt) as ReturnType<HostApi['printReceipt']>,
  openDrawer: () => ipcRenderer.invoke('drawer:open') as ReturnType<HostApi['openDrawer']>,
  printerStatus: () => ipcRenderer.invoke('printer:status') as ReturnType<HostApi['printerStatus']>,
  reportSaleState: (isSaleInProgress) =>
    ipcRenderer.invoke('app:sale-state', isSaleInProgress) as ReturnType<
      HostApi['reportSaleState']
    >,
  readDeviceSettings: () =>
    ipcRenderer.invoke('settings:read') as ReturnType<HostApi['readDeviceSettings']>,
  saveDeviceSettings: (settings) =>
    ipcRenderer.invoke('settings:save', settings) as ReturnType<HostApi['saveDeviceSettings']>,
  testPrint: () => ipcRenderer.invoke('printer:test') as ReturnType<HostApi['testPrint']>,
  testServer: (serverUrl) =>
    ipcRenderer.invoke('server:test', serverUrl) as ReturnType<HostApi['testServer']>,
  pairTill: (request) =>
    ipcRenderer.invoke('server:pair', request) as ReturnType<HostApi['pairTill']>,
};

contextBridge.exposeInMainWorld(hostApiGlobalName, exposedHostApi);
