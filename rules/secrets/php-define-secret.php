# Annotated target of php-define-secret: fake, well-formed values (generated), never real credentials.

# ruleid: php-define-secret
define( 'DB_PASSWORD', 'vpMbTSWn3qKkI2g5hT6O55' );

# ruleid: php-define-secret
define( 'AUTH_KEY', 'hWtF_ 4rVuKd>(ga2v0cXPlVB6seKxcoCLpR85KYsRqMWZkkGNYqMDmt#V' );

# ok: php-define-secret
define( 'AUTH_KEY', 'put your unique phrase here' );

# ok: php-define-secret
define( 'DB_PASSWORD', getenv( 'DB_PASSWORD' ) );

# ok: php-define-secret
define( 'DB_PASSWORD', 'password' );
