"""Account forms: the password-reset mail goes through the logged, queued Bericht path."""

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from inschrijving import berichten


class WachtwoordVergetenForm(PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        onderwerp = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        tekst = loader.render_to_string(email_template_name, context)
        berichten.verstuur(aan=[to_email], onderwerp=onderwerp, tekst=tekst)
