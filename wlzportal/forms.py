"""Account forms: the password-reset mail goes through the logged, queued Bericht path, without its link.

The recorded Bericht (database, admin) holds a placeholder where the link goes; ``berichten.bezorg`` puts a fresh
link in the mail it sends, on every attempt, so the token is never stored anywhere and a retry still works.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from inschrijving import berichten


class WachtwoordVergetenForm(PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        # Without uid and token the template cannot build the link even by mistake.
        context = {**{k: v for k, v in context.items() if k not in ("uid", "token")},
                   "herstellink": berichten.HERSTELLINK}
        onderwerp = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        tekst = loader.render_to_string(email_template_name, context)
        berichten.verstuur_wachtwoordherstel(gebruiker=context["user"], onderwerp=onderwerp, tekst=tekst)
