// What widget.zip leaves out and what it cannot hold (tools/lib/upload-set.js): a warning names
// each file left out (.env, node_modules/, *.map, temporary files, editor junk), an error each
// file that cannot go in (symbolic links, special files, names that are not UTF-8, huge files).
'use strict';

module.exports = function uploadRule(widget, report) {
  for (const { file, reason, quiet } of widget.upload.excluded) {
    if (quiet) continue; // .git/, .gitignore, .eslintrc.json: kept there on purpose
    report.warn(`widget/${file}`, 'upload-excluded', `${reason}: left out of widget.zip; move it out of widget/ if it does not belong there`);
  }
  for (const { file, problem } of widget.upload.refused) {
    report.error(`widget/${file}`, 'upload-refused', problem);
  }
};
