/** @jsxImportSource preact */
/**
 * Entry point of the console: reads the token from the page URL (`/?token=...`, the same token the
 * server's other routes take), connects the typed client to this server's `/ws` and renders the app.
 */
import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { connect } from '../src/client/index.js';
import { App } from './app.js';
import { fetchCatalog } from './hooks.js';

async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  const token = new URLSearchParams(location.search).get('token');
  const wsUrl = new URL('ws', location.href);
  wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.search = '';
  try {
    const [client, catalog] = await Promise.all([
      connect(wsUrl.toString(), token ? { token } : {}),
      fetchCatalog(token),
    ]);
    root.className = '';
    root.textContent = '';
    render(<App client={client} token={token} initialCatalog={catalog} />, root);
  } catch (e) {
    root.textContent = `cannot reach the tumbleql server: ${e instanceof Error ? e.message : String(e)}`;
    root.className = 'fatal';
  }
}

void main();
