-- ruleid: sql-weak-password-hash
UPDATE users SET pw_hash = md5(new_password) WHERE id = 7;

-- ruleid: sql-weak-password-hash
INSERT INTO users (email, pw_hash) VALUES ('a@example.com', digest(user_password, 'sha1'));

-- ok: sql-weak-password-hash
UPDATE users SET pw_hash = crypt(new_password, gen_salt('bf', 12)) WHERE id = 7;

-- ok: sql-weak-password-hash
SELECT md5(body) AS etag FROM pages;
