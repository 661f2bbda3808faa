"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "coproduce.example.org",
    "DATABASE_URL": "postgres://coproduce@db.example.org/coproduce",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE would make `check --deploy` warn; production never sets it.
    unwanted = {"DATABASE_URL", "COPRODUCE_DEMO_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(PRODUCTION_ENV, **extra)
    return subprocess.run(
        [sys.executable, "-m", "coproduce", *args], env=env, capture_output=True, text=True, check=False
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run("check", SECRET_KEY="")
    assert result.returncode != 0


def test_production_settings_read_email_and_database_from_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.DATABASES['default']['HOST'], s.DEBUG)"
    )
    result = run("shell", "--no-imports", "-c", code)
    assert result.stdout.split() == ["smtp.example.org", "587", "True", "db.example.org", "False"]
