/**
 * lib/run/worker.js: runs lib/run/session.js in a worker thread (lib/run/pool.js), so npm run check
 * loads the emulator's page (jsdom) while its other rules run. The job comes as workerData or, for
 * a worker started before there was one, as the first message; the worker posts back {problems}
 * or {error: message}.
 */
'use strict';

const { parentPort, workerData } = require('worker_threads');
const { runSession } = require('./session');

// The emulator and jsdom load first, while the job is still being prepared; a package missing is
// the session's to report (it requires them again).
try {
  require('../../emulator/node.js');
} catch {
  // runSession says what is missing
}

function run(job) {
  runSession(job).then((problems) => {
    parentPort.postMessage({ problems });
  }, (error) => {
    parentPort.postMessage({ error: String((error && error.stack) || error) });
  });
}

if (workerData) run(workerData);
else parentPort.once('message', run);
