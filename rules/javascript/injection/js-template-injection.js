const express = require('express');
const pug = require('pug');
const ejs = require('ejs');
const Handlebars = require('handlebars');
const _ = require('lodash');

const app = express();

app.get('/greet', (req, res) => {
  const tpl = req.query.tpl;
  // ruleid: js-template-injection
  res.send(pug.render(tpl));
  // ruleid: js-template-injection
  const fn = Handlebars.compile(`<p>${req.query.body}</p>`);
  // ruleid: js-template-injection
  const t = _.template(req.body.template);
  // ok: js-template-injection
  res.send(ejs.render('<p><%= name %></p>', { name: req.query.name }));
  // ok: js-template-injection
  res.send(pug.compileFile('views/greet.pug')({ name: req.query.name }));
});
