"""Forms of the zelfanalyse page: the kader choice, the zelfanalyse per theme, the ontwikkelplan proposals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inschrijving.models import OntwikkelplanVoorstel, Zelfanalyse
from inschrijving.verklaringen import LEVERINGSVORMEN, SECTOREN
from kwaliteit.models import Kader, Thema


class KaderKeuzeForm(forms.Form):
    sectoren = forms.MultipleChoiceField(label=_("Sectoren"), choices=SECTOREN, required=False,
                                         widget=forms.CheckboxSelectMultiple,
                                         help_text=_("Standaard de sectoren uit uw ondernemingsplan."))
    leveringsvormen = forms.MultipleChoiceField(
        label=_("Leveringsvormen"), choices=LEVERINGSVORMEN, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Waarvoor u inschrijft. Standaard die uit uw ondernemingsplan; onder het inkoopkader 2016 bepalen "
                    "ze of u nieuw zzp/vpt bent."))
    dominante_sector = forms.ChoiceField(
        label=_("Dominante sector"), required=False, choices=[("", _("— kies —")), *SECTOREN],
        help_text=_("Bij meerdere sectoren is de dominante verstrekking leidend voor het kwaliteitskader."))
    extra_kaders = forms.ModelMultipleChoiceField(
        label=_("Aanvullende kaders"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Kader.objects.none(),
        help_text=_("Kaders die u daarnaast zelf wilt gebruiken in de zelfanalyse."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extra_kaders"].queryset = Kader.objects.filter(actief=True).order_by("sector", "volgorde")
        self.fields["extra_kaders"].label_from_instance = lambda kader: f"{kader.naam} ({kader.jaar})"

    def clean(self):
        data = super().clean()
        if data.get("dominante_sector") and data["dominante_sector"] not in data.get("sectoren", []):
            self.add_error("dominante_sector", _("De dominante sector moet een van de gekozen sectoren zijn."))
        return data


class ZelfanalyseForm(forms.ModelForm):
    class Meta:
        model = Zelfanalyse
        fields = ["invulling", "sterktes_ontwikkelpunten", "clientervaring", "niveau", "niveau_toelichting",
                  "gegevens"]
        widgets = {naam: forms.Textarea(attrs={"rows": 3}) for naam in [
            "invulling", "sterktes_ontwikkelpunten", "clientervaring", "niveau_toelichting", "gegevens"]}


class VoorstelForm(forms.ModelForm):
    class Meta:
        model = OntwikkelplanVoorstel
        fields = ["thema", "doel", "aanpak"]
        widgets = {"doel": forms.Textarea(attrs={"rows": 2}), "aanpak": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"doel": _("Wat wordt er voor de cliënt beter?"),
                      "aanpak": _("Op hoofdlijnen: hoe, met wie en wanneer.")}

    def __init__(self, *args, themas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].queryset = Thema.objects.filter(pk__in=[t.pk for t in themas]).select_related("kader")
        self.fields["thema"].label_from_instance = lambda thema: f"{thema.naam} – {thema.kader.naam}"
        self.fields["thema"].empty_label = _("Eigen onderwerp (geen thema)")
        self.fields["doel"].required = self.fields["aanpak"].required = True
