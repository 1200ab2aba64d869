const bcrypt = require('bcrypt');

async function store(password) {
  // ruleid: js-bcrypt-low-rounds
  const weak = await bcrypt.hash(password, 4);
  // ok: js-bcrypt-low-rounds
  const strong = await bcrypt.hash(password, 12);
  return [weak, strong];
}

module.exports = { store };
