"""ImmunoQuiz: an interactive quiz app for learning cancer immunotherapy."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from quiz.config import PROJECT_ROOT


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build and configure the app; each subsystem attaches itself through its init_app."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("QUIZ_INSTANCE_DIR") or str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    _configure(app, test_config)
    _init_subsystems(app)
    _register_blueprints(app)
    return app


def _configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Defaults, then the environment, then the test's settings; production refuses a weak secret."""
    from quiz import config

    app.config.update(config.DEFAULTS)
    app.config.update(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    if app.config["QUIZ_ENV"] == "production":
        config.check_production(app.config)
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.development_secret(app.instance_path)


def _init_subsystems(app: Flask) -> None:
    from quiz import catalog, cli, errors, ratelimit, security
    from quiz.extensions import csrf, db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    catalog.init_app(app)
    ratelimit.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    from quiz import models  # noqa: F401 - register the tables with SQLAlchemy


def _register_blueprints(app: Flask) -> None:
    from quiz.material.routes import bp as material_bp
    from quiz.restoring.routes import bp as restoring_bp
    from quiz.studying.routes import bp as studying_bp
    from quiz.taking.routes import bp as taking_bp
    from quiz.teaching.routes import bp as teaching_bp

    app.register_blueprint(taking_bp)
    app.register_blueprint(material_bp)
    app.register_blueprint(restoring_bp)
    app.register_blueprint(teaching_bp)
    app.register_blueprint(studying_bp)
