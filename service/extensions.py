"""Flask extensions, created unbound and attached in create_app."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
# Limits are per client address (behind a proxy see STEPWISE_TRUSTED_PROXIES); storage is
# RATELIMIT_STORAGE_URI, memory by default, a shared store such as redis for several workers.
limiter = Limiter(key_func=get_remote_address)
