/**
 * lib/run/worker.js: runs lib/run/session.js in a worker thread, so npm run check loads the
 * emulator's page (jsdom) while its other rules run. workerData is the session's job; the
 * worker posts back {problems} or {error: message}.
 */
'use strict';

const { parentPort, workerData } = require('worker_threads');
const { runSession } = require('./session');

runSession(workerData).then((problems) => {
  parentPort.postMessage({ problems });
}, (error) => {
  parentPort.postMessage({ error: String((error && error.stack) || error) });
});
