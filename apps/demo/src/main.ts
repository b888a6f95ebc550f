/** Entry point: check what the browser supports, then show the demo or explain what to enable. */
import './no-eval.js';
import './styles.css';
import { mountApp } from './app.js';
import { detectCapabilities, explainMissing } from './capabilities.js';
import { renderUnsupported } from './views/unsupported.js';

const root = document.getElementById('app');
if (root === null) {
  throw new Error('demo: #app is missing from index.html');
}
const caps = await detectCapabilities();
const missing = explainMissing(caps);
if (missing.length > 0) {
  document.body.dataset.page = 'unsupported';
  renderUnsupported(root, caps, missing);
} else {
  document.body.dataset.page = 'app';
  mountApp(root, caps);
}
