"""Load a script under benchmarks/ as a module (the folder is scripts, not a package)."""

import importlib.util
from types import ModuleType

from firmware_tools.paths import REPO_ROOT


def load_benchmark(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` as a module, without running its ``main``."""
    spec = importlib.util.spec_from_file_location(
        f"benchmark_{name}", REPO_ROOT / "benchmarks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
