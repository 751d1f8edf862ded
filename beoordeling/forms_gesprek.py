"""Forms for step 3, the gesprek: the invitation and the verslag with an oordeel per afwijzingsgrond and per
signal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beoordeling.gesprek import signaal_veld, standaard_grond, tekenbevoegden
from beoordeling.models import AFWIJZINGSGRONDEN, Beoordeling

JA_NEE = [("ja", _("Ja, bezwaar")), ("nee", _("Nee, geen bezwaar"))]


class BestuurderKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class UitnodigingForm(forms.Form):
    datum = forms.DateTimeField(
        label=_("Datum en tijd"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In Nederlandse tijd."),
        error_messages={"required": _("Vul de datum en tijd van het gesprek in."),
                        "invalid": _("Vul een geldige datum en tijd in.")})
    plaats = forms.CharField(label=_("Plaats"), max_length=300,
                             help_text=_("Het adres waar het gesprek plaatsvindt."),
                             error_messages={"required": _("Vul de plaats van het gesprek in.")})
    op_locatie = forms.BooleanField(
        label=_("Op locatie van de zorgaanbieder"), required=False, initial=True,
        help_text=_("Het gesprek vindt bij voorkeur op locatie plaats (inkoopkader §4.6)."))
    deelnemers = forms.CharField(
        label=_("Deelnemers"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén naam en functie per regel."),
        error_messages={"required": _("Vul de deelnemers in: één naam en functie per regel.")})
    tekenbevoegde = BestuurderKeuze(
        label=_("Vertegenwoordigingsbevoegde bestuurder"), queryset=None, empty_label=_("Kies een bestuurder"),
        help_text=_("De vertegenwoordigingsbevoegde bestuurder moet bij het gesprek aanwezig zijn."),
        error_messages={"required": _("Kies de bestuurder die bij het gesprek aanwezig is."),
                        "invalid_choice": _("Kies een tekenbevoegde bestuurder van deze zorgaanbieder.")})

    def __init__(self, *args, beoordeling: Beoordeling, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tekenbevoegde"].queryset = tekenbevoegden(beoordeling)
        gesprek = getattr(beoordeling, "gesprek", None)
        if gesprek is not None:
            self.initial.update({"datum": gesprek.datum, "plaats": gesprek.plaats, "op_locatie": gesprek.op_locatie,
                                 "deelnemers": gesprek.deelnemers, "tekenbevoegde": gesprek.tekenbevoegde_id})
        else:
            zorgaanbieder = (beoordeling.indiening.snapshot or {}).get("zorgaanbieder") or {}
            self.initial.setdefault("plaats", zorgaanbieder.get("adres", ""))
            keuze = list(self.fields["tekenbevoegde"].queryset[:2])
            if len(keuze) == 1:
                self.initial.setdefault("tekenbevoegde", keuze[0].pk)


class VerslagForm(forms.Form):
    """The verslag and, for each of the eight reasons to reject a new provider, bezwaar yes/no (a bezwaar is
    explained); for each signal of the beoordeling (``signalen``: its Toetsresultaten with uitkomst "signaal") the
    finding of the gesprek, bezwaar yes/no and the afwijzingsgrond it feeds."""

    verslag = forms.CharField(
        label=_("Verslag van het gesprek"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Wie waren er, wat is besproken, en komt het beeld overeen met het ondernemingsplan?"),
        error_messages={"required": _("Vul het verslag van het gesprek in.")})

    def __init__(self, *args, gesprek=None, signalen=(), **kwargs):
        super().__init__(*args, **kwargs)
        oordelen = (gesprek.oordelen if gesprek is not None else None) or {}
        if gesprek is not None:
            self.initial.setdefault("verslag", gesprek.verslag)
        self.signalen = list(signalen)
        signaal_oordelen = (gesprek.signaal_oordelen if gesprek is not None else None) or {}
        for r in self.signalen:
            r.slug = r.regel.replace(".", "__")  # for the block's HTML id
            self._signaalvelden(r, signaal_oordelen.get(r.regel) or {})
        for code, _label in AFWIJZINGSGRONDEN:
            self.fields[f"bezwaar_{code}"] = forms.ChoiceField(
                label=_("Bezwaar op deze grond?"), choices=JA_NEE, widget=forms.RadioSelect,
                error_messages={"required": _("Geef aan of er op deze grond een bezwaar is.")})
            self.fields[f"toelichting_{code}"] = forms.CharField(
                label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Verplicht bij een bezwaar: het wordt een reden in het besluit."))
            oordeel = oordelen.get(code) or {}
            if isinstance(oordeel.get("bezwaar"), bool):
                self.initial.setdefault(f"bezwaar_{code}", "ja" if oordeel["bezwaar"] else "nee")
            self.initial.setdefault(f"toelichting_{code}", oordeel.get("toelichting", ""))

    def _signaalvelden(self, r, oordeel: dict) -> None:
        bevinding, bezwaar, grond = (signaal_veld(soort, r.regel) for soort in ("bevinding", "bezwaar", "grond"))
        self.fields[bevinding] = forms.CharField(
            label=_("Bevinding uit het gesprek"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Wat het gesprek over dit signaal heeft laten zien."),
            error_messages={"required": _("Vul in wat het gesprek over dit signaal heeft laten zien.")})
        self.fields[bezwaar] = forms.ChoiceField(
            label=_("Is dit signaal een bezwaar?"), choices=JA_NEE, widget=forms.RadioSelect,
            help_text=_("Een bezwaar wordt een reden voor afwijzing in het voorstel; zonder bezwaar wordt de "
                        "afweging vastgelegd in het voorstel en genoemd in de brief."),
            error_messages={"required": _("Geef aan of dit signaal een bezwaar is.")})
        self.fields[grond] = forms.ChoiceField(
            label=_("Weegt mee bij de afwijzingsgrond"), required=False,
            choices=[("", _("Geen van de acht gronden")), *AFWIJZINGSGRONDEN],
            error_messages={"invalid_choice": _("Kies een van de acht afwijzingsgronden, of geen.")})
        self.initial.setdefault(bevinding, oordeel.get("bevinding", ""))
        if isinstance(oordeel.get("bezwaar"), bool):
            self.initial.setdefault(bezwaar, "ja" if oordeel["bezwaar"] else "nee")
        self.initial.setdefault(grond, oordeel["grond"] if "grond" in oordeel else standaard_grond(r.regel))

    def signaalblokken(self):
        """(signal, bevinding field, bezwaar field, grond field) per signal, for the template."""
        return [(r, *(self[signaal_veld(soort, r.regel)] for soort in ("bevinding", "bezwaar", "grond")))
                for r in self.signalen]

    def signaal_oordelen(self) -> dict:
        return {r.regel: {"bevinding": self.cleaned_data[signaal_veld("bevinding", r.regel)].strip(),
                          "bezwaar": self.cleaned_data[signaal_veld("bezwaar", r.regel)] == "ja",
                          "grond": self.cleaned_data[signaal_veld("grond", r.regel)] or ""}
                for r in self.signalen}

    def gronden(self):
        """(code, label, bezwaar field, toelichting field) per reason, for the template."""
        return [(code, label, self[f"bezwaar_{code}"], self[f"toelichting_{code}"])
                for code, label in AFWIJZINGSGRONDEN]

    def clean(self):
        cleaned = super().clean()
        for code, _label in AFWIJZINGSGRONDEN:
            if cleaned.get(f"bezwaar_{code}") == "ja" and not (cleaned.get(f"toelichting_{code}") or "").strip():
                self.add_error(f"toelichting_{code}", _("Licht het bezwaar toe."))
        return cleaned

    def oordelen(self) -> dict:
        return {code: {"bezwaar": self.cleaned_data[f"bezwaar_{code}"] == "ja",
                       "toelichting": self.cleaned_data[f"toelichting_{code}"].strip()}
                for code, _label in AFWIJZINGSGRONDEN}


def bevinding_veld(code: str) -> str:
    """The form field of a theme code ("kader/thema"): a name that is also a plain HTML id."""
    return "bevinding__" + code.replace("/", "__")


class BevindingenForm(forms.Form):
    """One finding per theme of the gesprek agenda (``beoordeling.agenda.agenda``)."""

    def __init__(self, *args, punten, **kwargs):
        super().__init__(*args, **kwargs)
        self.punten = punten
        for punt in punten:
            naam = bevinding_veld(punt.code)
            self.fields[naam] = forms.CharField(
                label=_("Bevinding"), required=False, max_length=10000,
                widget=forms.Textarea(attrs={"rows": 8}))
            self.initial.setdefault(naam, punt.bevinding)
            punt.veld = self[naam]

    def bevindingen(self) -> dict:
        return {punt.code: self.cleaned_data[bevinding_veld(punt.code)] for punt in self.punten}
