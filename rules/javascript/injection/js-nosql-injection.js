const express = require('express');
const mongoose = require('mongoose');

const User = mongoose.model('User');
const app = express();
app.use(express.json());

app.post('/login', async (req, res) => {
  // ruleid: js-nosql-injection
  const user = await User.findOne({ name: req.body.name, password: req.body.password });
  // ok: js-nosql-injection
  const safe = await User.findOne({ name: String(req.body.name) });
  // ruleid: js-nosql-injection
  const where = await User.find({ $where: 'this.age > ' + req.body.age });
  res.json({ ok: Boolean(user || safe || where) });
});
