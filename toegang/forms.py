from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from inschrijving.models import Rol
from toegang import aanmelden, kvk
from toegang.models import Aanmelding, Uitnodiging

ORGANISATIE = ("statutaire_naam", "rechtsvorm", "straat", "postcode", "plaats")


class AanmeldForm(forms.ModelForm):
    """KvK-nummer, who registers and the e-mail address. The organisation's name, legal form and address come from
    the KvK Handelsregister when its client is on; when it is off, or cannot answer now, they are typed here."""

    class Meta:
        model = Aanmelding
        fields = ("kvk_nummer", *ORGANISATIE, "voornaam", "achternaam", "functie", "email")
        help_texts = {"email": _("Hier komt de link om uw e-mailadres te bevestigen; het wordt uw gebruikersnaam."),
                      "functie": _("Bijvoorbeeld bestuurder of directeur. De eerste gebruiker van een organisatie "
                                   "is tekenbevoegd; de beheerder controleert dat met het KvK-uittreksel.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kvk_aan = kvk.aan()
        # With the register on, the organisation's fields are shown only when it could not answer (then typed).
        self.toon_organisatie = not self.kvk_aan or bool(self.data.get("handmatig"))
        for veld in ORGANISATIE:
            self.fields[veld].required = self.toon_organisatie
        self.fields["rechtsvorm"].choices = [("", "---------"), *self.fields["rechtsvorm"].choices[1:]]

    def clean_kvk_nummer(self):
        nummer = self.cleaned_data["kvk_nummer"]
        if aanmelden.bestaat_al(nummer):
            raise forms.ValidationError(_(
                "Uw organisatie heeft al een account in het portaal. Vraag een tekenbevoegde collega om u uit te "
                "nodigen (onder 'Mijn organisatie')."))
        return nummer

    def clean(self):
        gegevens = super().clean()
        nummer = gegevens.get("kvk_nummer")
        self.instance.bron = Aanmelding.Bron.ZELF
        if not self.kvk_aan or not nummer or self.toon_organisatie:
            return gegevens
        try:
            profiel = kvk.basisprofiel(nummer)
        except kvk.KvkNietGevonden as fout:
            self.add_error("kvk_nummer", fout.melding)
            return gegevens
        except kvk.KvkFout as fout:
            # The register cannot answer now: nothing typed is lost; the organisation's fields are asked instead.
            self.toon_organisatie = True
            for veld in ORGANISATIE:
                self.fields[veld].required = True
            self.add_error("kvk_nummer", f"{fout.melding} {_('Vul de gegevens van uw organisatie hieronder in.')}")
            return gegevens
        self.instance.bron = Aanmelding.Bron.KVK
        for veld in ORGANISATIE:
            waarde = getattr(profiel, veld)
            gegevens[veld] = waarde
            setattr(self.instance, veld, waarde)
        return gegevens


class GoedkeurForm(forms.ModelForm):
    """The organisation's name, legal form and address, all required: as the beheerder checked them (prefilled from
    the aanmelding), or as the first eHerkenning user gives them when the KvK client could not."""

    class Meta:
        model = Aanmelding
        fields = ORGANISATIE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in ORGANISATIE:
            self.fields[veld].required = True


class AfwijsForm(forms.Form):
    reden = forms.CharField(label=_("Reden van afwijzing"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("De aanmelder krijgt deze reden per e-mail."))


class UitnodigForm(forms.ModelForm):
    class Meta:
        model = Uitnodiging
        fields = ("voornaam", "achternaam", "email", "rol", "grond")
        widgets = {"rol": forms.RadioSelect, "grond": forms.RadioSelect}
        help_texts = {"grond": _("Alleen voor een tekenbevoegde: waarop berust de bevoegdheid om te tekenen?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rol"].initial = Rol.MEDEWERKER
        self.fields["grond"].choices = [c for c in self.fields["grond"].choices if c[0]]
        self.fields["grond"].required = False


class RolForm(forms.Form):
    rol = forms.ChoiceField(label=_("Rol"), widget=forms.RadioSelect, choices=[
        (Rol.MEDEWERKER.value, Rol.MEDEWERKER.label), (Rol.TEKENBEVOEGDE.value, Rol.TEKENBEVOEGDE.label)])
    grond = forms.ChoiceField(label=_("Grond voor tekenbevoegdheid"), widget=forms.RadioSelect, required=False,
                              choices=Uitnodiging._meta.get_field("grond").choices,
                              help_text=_("Alleen voor een tekenbevoegde."))


class AccountForm(SetPasswordForm):
    """The invited colleague chooses a password (Django's validators: length, common, similar to the name)."""
