const express = require('express');
const mysql = require('mysql');
const util = require('util');
const { Pool } = require('pg');

const app = express();
const db = mysql.createConnection({ host: 'db.internal' });
const pool = new Pool();

app.get('/user', (req, res) => {
  // ruleid: js-sql-injection
  db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'", (err, rows) => res.json(rows));
  // ok: js-sql-injection
  db.query('SELECT * FROM users WHERE name = ?', [req.query.name], (err, rows) => res.json(rows));
});

app.post('/search', async (req, res) => {
  const { term } = req.body;
  // ruleid: js-sql-injection
  const r = await pool.query(`SELECT * FROM items WHERE title LIKE '%${term}%'`);
  // ok: js-sql-injection
  const s = await pool.query('SELECT * FROM items WHERE title LIKE $1', [`%${term}%`]);
  const id = parseInt(req.body.id, 10);
  // ok: js-sql-injection
  const t = await pool.query(`SELECT * FROM items WHERE id = ${id}`);
  // ruleid: js-sql-injection
  const u = await pool.query({ text: `SELECT * FROM tags WHERE name = '${term}'`, rowMode: 'array' });
  // ok: js-sql-injection
  const v = await pool.query({ text: 'SELECT * FROM tags WHERE name = $1', values: [term] });
  res.json([r.rows, s.rows, t.rows, u.rows, v.rows]);
});

app.get('/batch', (req, res) => {
  const names = req.query.names;
  // each element of a request array, through a callback
  names.forEach((name) => {
    // ruleid: js-sql-injection
    db.query({ sql: "DELETE FROM carts WHERE owner = '" + name + "'", timeout: 1000 });
  });
  res.end();
});

function byColumn(column) {
  // ruleid: js-sql-injection
  return pool.query('SELECT * FROM items ORDER BY ' + column);
}

app.get('/archive', (req, res) => {
  // a statement built from request data and handed to code this file does not show
  // ruleid: js-sql-injection
  const sql = util.format("SELECT * FROM archive WHERE year = '%s'", req.query.year);
  // ok: js-sql-injection
  console.log(`SELECT * FROM archive WHERE year = ${req.query.year}`);
  // ok: js-sql-injection
  const note = "Select a year from the menu: " + req.query.year;
  res.json(runElsewhere(sql, note));
});

module.exports = { byColumn };
