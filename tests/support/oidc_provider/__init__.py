"""A small OpenID Connect provider for the tests (django-oidc-provider): a Django project of
its own, started on loopback by tests/support/oidc.py, one instance per organisation's
provider. Not part of the application."""
