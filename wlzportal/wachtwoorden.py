"""How passwords are hashed: Argon2id at OWASP's minimum parameters (issue 10, "the signing act keeps its legal
meaning ... at a cost that lets the goals be met").

Signing a submission is an explicit act of the tekenbevoegde: they type their password, and a wrong one counts in the
lockout (``accounts.wachtwoord_controleren`` through ``authenticate()``). With Django's PBKDF2 (1,000,000 iterations)
that check cost about 341 ms of CPU inside every submit, a fifth of the deadline hour's capacity. Argon2id with 19 MiB,
2 passes and 1 lane — OWASP's Password Storage Cheat Sheet minimum — costs about 30 ms here and, being memory-hard,
is no easier on a GPU. Existing PBKDF2 hashes still verify and are rehashed with Argon2id at the next correct
password.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idOwasp(Argon2PasswordHasher):
    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
