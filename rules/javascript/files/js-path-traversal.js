const fs = require('fs');
const path = require('path');
const express = require('express');

const app = express();
const ROOT = path.join(__dirname, 'files');

app.get('/file', (req, res) => {
  // ruleid: js-path-traversal
  res.sendFile(path.join(ROOT, req.query.name));
});

app.get('/file2', (req, res) => {
  // ok: js-path-traversal
  res.sendFile(req.query.name, { root: ROOT });
});

app.get('/read', (req, res) => {
  // ruleid: js-path-traversal
  fs.readFile(ROOT + '/' + req.query.name, 'utf8', (err, data) => res.json({ data }));
  // ok: js-path-traversal
  fs.readFile(path.join(ROOT, path.basename(req.query.name)), 'utf8', (err, data) => res.json({ data }));
});

app.delete('/file/:name', (req, res) => {
  const p = path.resolve(ROOT, req.params.name);
  if (!p.startsWith(ROOT + path.sep)) {
    return res.sendStatus(404);
  }
  // ok: js-path-traversal
  fs.unlinkSync(p);
  // ruleid: js-path-traversal
  fs.unlinkSync(path.join(ROOT, req.params.name));
  res.sendStatus(204);
});

app.get('/page', (req, res) => {
  // ruleid: js-path-traversal
  res.render(`pages/${req.query.page}`, { user: req.user });
  // ok: js-path-traversal
  res.render('pages/home', { title: req.query.title });
});

app.get('/ftp/:file', ({ params }, res) => {
  // ruleid: js-path-traversal
  res.sendFile(path.resolve('ftp', params.file));
});

app.post('/extract', (req, res) => {
  // a path built from request data and handed to code this file does not show
  // ruleid: js-path-traversal
  const target = path.join(ROOT, req.body.entry);
  extractArchive(target);
  const cleaned = req.body.entry.replace(/\.\.\//g, '');
  // ok: js-path-traversal
  extractArchive(path.join(ROOT, cleaned));
  res.sendStatus(202);
});
