"""Shared steps of the browser journeys: signing in, and the accessibility and unique-id checks."""

from inschrijving.demo import DEMO_WACHTWOORD


def toegankelijkheid(page, *, alles=False):
    """No serious or critical axe-core violation on the page (axe is served by the portal itself: CSP); ``alles``:
    none at all. A PDF shown in a frame is the browser's viewer, not the portal's page: axe checks the frame's
    title, not the viewer inside it."""
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    resultaat = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations'], iframes: false}))"
                              ".violations.map(v => ({id: v.id, impact: v.impact, "
                              "nodes: v.nodes.map(n => n.target.join(' '))}))")
    ernstig = resultaat if alles else [v for v in resultaat if v["impact"] in ("serious", "critical")]
    assert not ernstig, ernstig


def unieke_ids(page):
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def inloggen(page, gebruikersnaam, wachtwoord=DEMO_WACHTWOORD):
    """The login form; an aanbieder user then also gives the code of its authenticator (issue 12), from the device
    the demo gave it (or one made here for a user a factory made). Staff stop at the second-factor page: their
    journeys go through it themselves."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from inschrijving.models import Gebruiker
    from tests.beoordeling.helpers import verse_code

    gebruiker = Gebruiker.objects.filter(username=gebruikersnaam).first()
    aanbieder = gebruiker is not None and gebruiker.is_aanbieder and gebruiker.vereist_tweede_factor
    if aanbieder and not TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists():
        TOTPDevice.objects.create(user=gebruiker, name="demo", confirmed=True)
    page.goto("/")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    if aanbieder:
        page.wait_for_url("**/account/tweede-factor/**")
        page.get_by_label("Code uit uw authenticator-app").fill(verse_code(gebruiker))
        page.get_by_role("button", name="Verifiëren").click()


def melding(page, tekst):
    """A status message (role=status) with this text is shown."""
    assert page.get_by_role("status").filter(has_text=tekst).is_visible(), page.locator("main").inner_text()


def inloggen_zorginkoper(page, gebruikersnaam, zorgkantoor):
    """Sign in with the password and the demo authenticator's current code; lands on the zorgkantoor's start page."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    inloggen(page, gebruikersnaam)
    page.wait_for_url("**/account/tweede-factor/**")
    apparaat = TOTPDevice.objects.get(user__username=gebruikersnaam, name="demo")
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(apparaat.bin_key):06d}")
    page.get_by_role("button", name="Verifiëren").click()
    page.wait_for_url("**/zorgkantoor/")
    assert page.get_by_role("heading", name=f"Beoordeling – {zorgkantoor}").is_visible()
