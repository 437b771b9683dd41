// Where a project's widget folder is: widget/ beside package.json, or, for an existing widget
// brought under the toolkit (README, "An existing widget"), the folder package.json names in
// "widget": {"dir": "../old-widget"} (relative to the project, or absolute). check, pack, the
// emulator and the dev server all read the widget from here.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/**
 * The widget folder's absolute path for the project at root (a path); never throws: a missing or
 * unreadable package.json means widget/.
 */
function widgetDir(root) {
  let dir;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    dir = pkg && pkg.widget && typeof pkg.widget.dir === 'string' && pkg.widget.dir.trim() ? pkg.widget.dir : null;
  } catch {
    dir = null;
  }
  return path.resolve(root, dir || 'widget');
}

module.exports = { widgetDir };
