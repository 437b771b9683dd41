/**
 * project.js: what the SDK emulator needs to know about the widget project, without a page:
 * its manifest, rules, widget code and platform, and where the CRM's modules (jquery,
 * underscore, moment, twigjs) are in node_modules. Shared by the emulator in Node (node.js) and
 * the live preview's server (tools/dev.js).
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const PROJECT = path.resolve(__dirname, '..', '..');

// The CRM's modules, by the ids the platform gives them, from the project's node_modules (the
// page ships backbone too: real widgets require it). crm-modules.js adds text!, json!, es6promise.
const LIBRARIES = {
  jquery: 'jquery/dist/jquery.js',
  underscore: 'underscore/underscore-umd.js',
  moment: 'moment/moment.js',
  twigjs: 'twig/twig.min.js',
  backbone: 'backbone/backbone.js'
};

function library(id, root) {
  try {
    return require.resolve(LIBRARIES[id], { paths: [root, __dirname] });
  } catch {
    throw new Error(`the emulator needs the npm package of '${id}' (${LIBRARIES[id]}): run npm install`);
  }
}

function readText(file) {
  return fs.readFileSync(file, 'utf8');
}

/** The project's facts the emulator needs: manifest, rules, widget code and platform. */
function readProject(root = PROJECT) {
  const widgetDir = require('../lib/widget-dir.js').widgetDir(root);
  const json = (file) => {
    try {
      return JSON.parse(readText(file));
    } catch (error) {
      throw new Error(`${path.relative(root, file)}: ${error.message}`);
    }
  };
  const manifest = json(path.join(widgetDir, 'manifest.json'));
  const rules = json(path.join(root, 'tools', 'platform.json'));
  let code = 'my_widget';
  try {
    code = json(path.join(root, 'package.json')).name.replace(/-/g, '_');
  } catch {
    // No package.json name: keep the placeholder code.
  }
  let platform = 'amocrm';
  const answers = path.join(root, '.copier-answers.yml');
  if (fs.existsSync(answers)) {
    const found = /^platform:\s*['"]?(\w+)/m.exec(readText(answers));
    platform = found ? found[1] : platform;
  }
  return { root, widgetDir, manifest, rules, code, platform };
}

module.exports = { PROJECT, LIBRARIES, library, readText, readProject };
