from django.contrib.auth.hashers import Argon2PasswordHasher


class KurasiArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's recommended floor (19 MiB, 2 passes, 1 lane).

    Django's defaults (100 MiB, 8 lanes) cost ~0.4 s of a 2-core office server per login; on a
    curation morning dozens of curators and officers log in at once. Existing hashes are
    upgraded to these parameters at the next login.
    """

    algorithm = "argon2"
    memory_cost = 19456
    time_cost = 2
    parallelism = 1
