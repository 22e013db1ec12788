# The curation fixtures (a curator's assignment on a food product), shared with tests/curation.
from ..curation.conftest import assignment, curated_application, food_rubric  # noqa: F401
