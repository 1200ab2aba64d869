# Annotated target of php-define-secret: fake, well-formed values (generated), never real credentials.

# ruleid: php-define-secret
define( 'DB_PASSWORD', 'LpR85KYsRqMWZkkGNYqMDm' );

# ruleid: php-define-secret
define( 'AUTH_KEY', 'hWtF_ 4rVuKd>(ga2vt#VtqgZgrXcAF1sAya7iIe5VwHGsSUBMzUeftbM2' );

# ok: php-define-secret
define( 'AUTH_KEY', 'put your unique phrase here' );

# ok: php-define-secret
define( 'DB_PASSWORD', getenv( 'DB_PASSWORD' ) );

# ok: php-define-secret
define( 'DB_PASSWORD', 'password' );
