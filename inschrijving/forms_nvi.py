"""Forms for the Nota van Inlichtingen: asking a question, answering (and merging) questions, publishing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inschrijving.models import Vraag

PARAGRAAF_HULP = _("Bijvoorbeeld 4.7. Laat leeg als het niet over één paragraaf gaat.")


class VraagForm(forms.Form):
    paragraaf = forms.CharField(label=_("Paragraaf van het inkoopkader"), max_length=50, required=False,
                                help_text=PARAGRAAF_HULP)
    tekst = forms.CharField(
        label=_("Uw vraag"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Stel alleen vragen over gewijzigd beleid. Uw vraag wordt geanonimiseerd beantwoord in de "
                    "Nota van Inlichtingen: andere zorgaanbieders zien niet wie de vraag stelde. Zet daarom geen "
                    "namen of andere herleidbare gegevens in uw vraag."),
        error_messages={"required": _("Vul uw vraag in.")},
    )


class VraagKeuze(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.tekst[:80]


class AntwoordForm(forms.Form):
    """One NvI entry for one or more questions; ``vragen`` limits which questions may be chosen."""

    vragen = VraagKeuze(
        label=_("Vragen die dit antwoord beantwoordt"), queryset=Vraag.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies één vraag, of meer vragen om ze samen te voegen tot één vraag in de Nota."),
        error_messages={"required": _("Kies ten minste één vraag die dit antwoord beantwoordt."),
                        "invalid_choice": _("Deze vraag kan niet (meer) worden gekozen. Vernieuw de pagina."),
                        "invalid_pk_value": _("Deze vraag kan niet (meer) worden gekozen. Vernieuw de pagina.")},
    )
    vraag_tekst = forms.CharField(
        label=_("Vraag zoals die in de Nota van Inlichtingen verschijnt"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Geanonimiseerd: vat de gekozen vragen samen zonder namen van zorgaanbieders of personen en "
                    "zonder andere gegevens die naar de vragensteller leiden."),
        error_messages={"required": _("Vul de geanonimiseerde vraag in.")},
    )
    antwoord = forms.CharField(label=_("Antwoord"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
                               error_messages={"required": _("Vul het antwoord in.")})
    paragraaf = forms.CharField(label=_("Paragraaf van het inkoopkader"), max_length=50, required=False,
                                help_text=PARAGRAAF_HULP)

    def __init__(self, *args, vragen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if vragen is not None:
            self.fields["vragen"].queryset = vragen


class PublicerenForm(forms.Form):
    bevestigd = forms.BooleanField(
        label=_("Ik begrijp dat alle zorgaanbieders de Nota van Inlichtingen direct na publicatie zien en dat de "
                "vragen en antwoorden daarna niet meer kunnen worden gewijzigd."),
        error_messages={"required": _("Bevestig dat u de Nota van Inlichtingen wilt publiceren.")},
    )
