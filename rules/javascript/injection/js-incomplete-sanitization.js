function escapeQuotes(s) {
  // ruleid: js-incomplete-sanitization
  return s.replace("'", "''");
}

function escapeTags(s) {
  // ruleid: js-incomplete-sanitization
  return s.replace('<', '&lt;');
}

function escapeAll(s) {
  // ok: js-incomplete-sanitization
  return s.replace(/</g, '&lt;').replaceAll('>', '&gt;');
}

function title(s) {
  // ok: js-incomplete-sanitization
  return s.replace('-', ' ');
}

module.exports = { escapeQuotes, escapeTags, escapeAll, title };
