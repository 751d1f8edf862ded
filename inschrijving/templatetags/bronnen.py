"""Words for people where the records hold codes (issue 11: no raw codes where a person reads): a rule's source
("002 §4.9" becomes "Inkoopkader Wlz 2022 §4.9"), an outcome, and the aanbiedertype's reason — written to the
aanbieder ("U heeft …") — as the zorginkoper reads it ("De aanbieder heeft …")."""

import re

from django import template

register = template.Library()

#: The seed documents the rule sets cite by number (see the README's "Bronnen").
BRONNEN = {
    "000": "Voorlopige kwaliteitsuitgangspunten GGZ in de Wlz",
    "001": "Implementatieplan kwaliteitsstandaarden GGZ",
    "002": "Inkoopkader Wlz 2022",
    "003": "Handboek Keurmerk Basis GGZ",
    "004": "Inkoopkader Langdurige Zorg 2016",
}
_CODE = re.compile(r"(?<![\w.])(00[0-4])(?![\w.])")


@register.filter
def bron_in_woorden(bron: str) -> str:
    return _CODE.sub(lambda m: BRONNEN[m[1]], bron or "")


@register.filter
def uitkomst_in_woorden(uitkomst: str) -> str:
    from inschrijving.evaluator import UITKOMST_LABELS

    return str(UITKOMST_LABELS.get(uitkomst, uitkomst))


#: From the aanbieder's "u" to the zorginkoper's "de aanbieder", in this order (the longest first).
_AAN_DE_ZORGINKOPER = [("U heeft ", "De aanbieder heeft "), ("U had ", "De aanbieder had "),
                       ("Uw ", "De "), ("; u bent ", "; de aanbieder is "), (" u bent ", " de aanbieder is "),
                       (" u ", " de aanbieder "), (" uw ", " de ")]


@register.filter
def voor_zorginkoper(tekst: str) -> str:
    for van, naar in _AAN_DE_ZORGINKOPER:
        tekst = (tekst or "").replace(van, naar)
    return tekst
