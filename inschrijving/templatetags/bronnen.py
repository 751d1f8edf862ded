"""The source of a rule in words, for people (issue 11: no raw codes where a person reads): "002 §4.9" becomes
"Inkoopkader Wlz 2022 §4.9"."""

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
