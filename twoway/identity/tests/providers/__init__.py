"""Real identity providers for the single sign-on tests, each run in its own process.

``oidc_provider.py`` is a small Django project serving OpenID Connect with django-oauth-toolkit;
``saml_idp.py`` is a SAML 2.0 identity provider built on pysaml2 (it signs with Debian's
``xmlsec1``). ``keys.py`` makes their throwaway keys. The fixtures in ``../conftest.py`` start
them on free ports, wait until they answer, and stop them at the end of the session.
"""
