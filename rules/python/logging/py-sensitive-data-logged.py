import logging

logger = logging.getLogger(__name__)


def login(username, password, user):
    # ruleid: py-sensitive-data-logged
    logger.info("login attempt for %s with %s", username, password)
    # ruleid: py-sensitive-data-logged
    logging.debug(f"token issued: {user.access_token}")
    # ruleid: py-sensitive-data-logged
    logger.warning("payment failed", extra={"card_number": user.card})
    # ok: py-sensitive-data-logged
    logger.info("login attempt for %s", username)
    # ok: py-sensitive-data-logged
    logger.info("password hash scheme %s, minimum length %d", user.password_hash_algorithm, user.PASSWORD_MIN_LENGTH)
