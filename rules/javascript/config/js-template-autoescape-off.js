const nunjucks = require('nunjucks');
const Mustache = require('mustache');

// ruleid: js-template-autoescape-off
nunjucks.configure('views', { autoescape: false });
// ok: js-template-autoescape-off
nunjucks.configure('views', { autoescape: true });

function setup(select2Options) {
  // ruleid: js-template-autoescape-off
  select2Options.escapeMarkup = false;
  // ruleid: js-template-autoescape-off
  Mustache.escape = (text) => text;
  // ok: js-template-autoescape-off
  select2Options.escapeMarkup = true;
}

module.exports = { setup };
