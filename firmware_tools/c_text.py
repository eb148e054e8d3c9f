"""Text of generated C files: integer tables laid out as rows, files written byte for byte.

Generated C is committed (front-end tables in model packages, an app's built-in recordings), and
tests compare the committed text with what the generators write, so layout and line endings
must not depend on the machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path


def int_rows(values: Iterable, per_line: int, indent: str) -> str:
    """``values`` as C initialiser rows: ``per_line`` integers a line, each line ending in ``,``."""
    text = [str(int(v)) for v in values]
    return "\n".join(
        indent + ", ".join(text[i : i + per_line]) + "," for i in range(0, len(text), per_line)
    )


def write_files(out_dir: Path, files: Mapping[str, str]) -> list[Path]:
    """Write ``name -> text`` into ``out_dir``, ASCII with ``\\n`` line ends; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files.items():
        path = out_dir / name
        path.write_text(text, encoding="ascii", newline="\n")
        paths.append(path)
    return paths
