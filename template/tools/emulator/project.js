/**
 * project.js: what the SDK emulator needs to know about the widget project, without a page:
 * its manifest, the platform model, widget code and platform (lib/project.js), and where the CRM's modules (jquery,
 * underscore, moment, twigjs) are in node_modules. Shared by the emulator in Node (node.js) and
 * the live preview's server (tools/dev.js).
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { readProject: readFacts } = require('../lib/project');

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

/**
 * The project's facts the emulator needs (lib/project.js), with the placeholders it runs with
 * when package.json does not name the code or the platform.
 * @throws {Error} naming the file, when widget/manifest.json is missing or not JSON
 */
function readProject(root = PROJECT) {
  const project = readFacts(root);
  if (!project.manifest) {
    throw new Error('widget/manifest.json: missing or not a JSON object: npm run check says why');
  }
  return { ...project, code: project.code || 'my_widget', platform: project.platform || 'amocrm' };
}

module.exports = { PROJECT, LIBRARIES, library, readText, readProject };
