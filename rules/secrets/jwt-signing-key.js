// Annotated target of jwt-signing-key: fake, well-formed values (generated), never real credentials.

// ruleid: jwt-signing-key
const token = jwt.sign({ id: user.id }, '9w9iKLKsmGWHdjje49xm8obC', { expiresIn: '1h' });

// ruleid: jwt-signing-key
jwt.verify(token, "llKfwO49gX8jMuvVTyER");

// ok: jwt-signing-key
const token = jwt.sign({ id: user.id }, process.env.JWT_SECRET);

// ok: jwt-signing-key
jwt.sign({ sub: 'user', role: 'admin' }, key);

// ok: jwt-signing-key
jwt.verify(token, 'wrong-key');
