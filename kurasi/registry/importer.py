"""Import of businesses and products: the entry points. The parts live in `importing/`."""

from .importing.apply import ImportRefused, apply_plan, run_import
from .importing.planner import Fate, ImportPlan, plan_import

__all__ = ["Fate", "ImportPlan", "ImportRefused", "apply_plan", "plan_import", "run_import"]
