"""Fields for Dutch registry numbers and postcodes: forgiving on input, strict in storage.

A user may type ``1234 5678`` or ``1234-5678``; what is stored is ``12345678``. The error, when the
number is wrong, names the expected format and stands beside the field.
"""

import re

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

_SCHEIDING = re.compile(r"[\s\-.]")


class CijferreeksFormField(forms.CharField):
    def __init__(self, *, lengte: int, naam: str, voorbeeld: str, **kwargs):
        self.lengte = lengte
        kwargs.setdefault("help_text", _("%(lengte)s cijfers, bijvoorbeeld %(voorbeeld)s")
                          % {"lengte": lengte, "voorbeeld": voorbeeld})
        kwargs.pop("max_length", None)
        super().__init__(max_length=lengte + 6, **kwargs)
        self.validators.append(
            RegexValidator(
                rf"^\d{{{lengte}}}$",
                _("Een %(naam)s bestaat uit precies %(lengte)s cijfers, bijvoorbeeld %(voorbeeld)s.")
                % {"naam": naam, "lengte": lengte, "voorbeeld": voorbeeld},
            )
        )

    def to_python(self, value):
        value = super().to_python(value)
        return _SCHEIDING.sub("", value) if value else value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs


class CijferreeksField(models.CharField):
    """A fixed-length string of digits (KvK-nummer, AGB-code, vestigingsnummer)."""

    def __init__(self, *args, lengte: int = 8, naam: str = "nummer", voorbeeld: str = "", **kwargs):
        self.lengte, self.naam, self.voorbeeld = lengte, naam, voorbeeld or "1" * lengte
        kwargs["max_length"] = lengte
        super().__init__(*args, **kwargs)
        self.validators.append(
            RegexValidator(rf"^\d{{{lengte}}}$", _("Precies %(lengte)s cijfers.") % {"lengte": lengte})
        )

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(lengte=self.lengte, naam=self.naam, voorbeeld=self.voorbeeld)
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            form_class=CijferreeksFormField, lengte=self.lengte, naam=self.naam, voorbeeld=self.voorbeeld,
            **kwargs,
        )


def KvkNummerField(*args, **kwargs):
    return CijferreeksField(*args, lengte=8, naam="KvK-nummer", voorbeeld="12345678",
                            verbose_name=kwargs.pop("verbose_name", _("KvK-nummer")), **kwargs)


def AgbCodeField(*args, **kwargs):
    return CijferreeksField(*args, lengte=8, naam="AGB-code", voorbeeld="98765432",
                            verbose_name=kwargs.pop("verbose_name", _("AGB-code")), **kwargs)


_POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s*-?\s*([A-Za-z]{2})\s*$")


class PostcodeFormField(forms.CharField):
    default_error_messages = {
        "ongeldig": _("Vul een Nederlandse postcode in als 1234 AB."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Bijvoorbeeld 1234 AB"))
        kwargs.pop("max_length", None)
        super().__init__(max_length=12, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        match = _POSTCODE.match(value)
        if not match:
            raise forms.ValidationError(self.error_messages["ongeldig"], code="ongeldig")
        return f"{match[1]} {match[2].upper()}"


class PostcodeField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 7
        kwargs.setdefault("verbose_name", _("postcode"))
        super().__init__(*args, **kwargs)
        self.validators.append(RegexValidator(r"^[1-9]\d{3} [A-Z]{2}$", _("Vul een postcode in als 1234 AB.")))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(form_class=PostcodeFormField, **kwargs)
