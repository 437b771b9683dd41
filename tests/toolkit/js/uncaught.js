// Outside a test runner, an error the widget leaves uncaught in a promise fails the emulator's
// next step (node:test would fail the test on its own). Prints the step's error message.
'use strict';

const { load, script } = require('./fixture.js');

const fakeTest = { after: () => {}, diagnostic: () => {} };
load(fakeTest, {
  scriptSource: script({
    callbacks: "{ init: function () { Promise.resolve().then(function () { throw new Error('late failure'); }); return true; } }",
  }),
}).then((emulator) => emulator.enter('lcard-1').then(
  () => { process.stdout.write('entered without error\n'); emulator.close(); },
  (error) => { process.stdout.write(`${error.message}\n`); emulator.close(); },
));
