"""Logging filters. Log lines end up in files and monitoring tools that outlive any consent."""

from lokal.samaran.logging import SamaranFilter


class MaskPersonalData(SamaranFilter):
    """Masks NIK, phone numbers, e-mail addresses and other personal data in every record.

    Partial masks keep enough (`0812****7890`) for an operator to tell two records apart.
    """

    def __init__(self) -> None:
        super().__init__(mode="partial")
