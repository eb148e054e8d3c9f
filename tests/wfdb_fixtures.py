"""Corrupt WFDB records for error-path tests, made from good ones."""

from pathlib import Path


def truncated_copy(source: Path, target: Path, keep_fraction: float = 0.1) -> Path:
    """Copy record ``source`` (path without suffix) to ``target`` with its signal file cut.

    The header is rewritten to name ``target``'s own files: a header copied verbatim would
    still point at the intact signal file of ``source``.
    """
    old, new = source.name, target.name
    lines = source.with_suffix(".hea").read_text().splitlines()
    rewritten = [lines[0].replace(old, new, 1)]
    rewritten += [line.replace(f"{old}.dat", f"{new}.dat", 1) for line in lines[1:]]
    assert rewritten[1].startswith(f"{new}.dat"), "unexpected header layout"
    target.with_suffix(".hea").write_text("\n".join(rewritten) + "\n")
    data = source.with_suffix(".dat").read_bytes()
    target.with_suffix(".dat").write_bytes(data[: int(len(data) * keep_fraction)])
    if source.with_suffix(".atr").exists():
        target.with_suffix(".atr").write_bytes(source.with_suffix(".atr").read_bytes())
    return target
