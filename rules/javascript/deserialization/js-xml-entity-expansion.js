const express = require('express');
const expat = require('node-expat');
const { Parser } = require('node-expat');
const xml2json = require('xml2json');

const app = express();

app.post('/import', (req, res) => {
  const parser = new expat.Parser('UTF-8');
  // ruleid: js-xml-entity-expansion
  parser.parse(req.body);
  res.end();
});

app.post('/stream', (req, res) => {
  const parser = new Parser('UTF-8');
  const data = req.body.xml;
  // ruleid: js-xml-entity-expansion
  parser.write(data);
  res.end();
});

app.get('/convert', (req, res) => {
  const xml = req.query.xml;
  // ruleid: js-xml-entity-expansion
  res.json(xml2json.toJson(xml, { object: true }));
});

app.get('/fixed', (req, res) => {
  const parser = new expat.Parser('UTF-8');
  // ok: js-xml-entity-expansion
  parser.parse('<config><debug>false</debug></config>');
  // ok: js-xml-entity-expansion
  res.json(xml2json.toJson('<a>1</a>'));
});
