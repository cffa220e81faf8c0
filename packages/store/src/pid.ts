export { processAlive, thisHost } from '@mfc/diagnostics';
