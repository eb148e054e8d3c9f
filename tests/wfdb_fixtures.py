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


def relabel_rhythms(record: Path, mapping: dict[str, str]) -> None:
    """Rewrite ``record``'s rhythm aux-notes through ``mapping`` (a faulty labelling batch).

    The signal and beat annotations stay as they are; only what the rhythm labels say changes.
    """
    import wfdb

    ann = wfdb.rdann(str(record), "atr")
    notes = [(note or "").replace("\x00", "").strip() for note in ann.aux_note]
    relabelled = [
        mapping.get(note, note) if symbol == "+" else note
        for symbol, note in zip(ann.symbol, notes, strict=True)
    ]
    assert relabelled != notes, f"{record}: no rhythm label to change"
    wfdb.wrann(
        record.name,
        "atr",
        ann.sample,
        ann.symbol,
        aux_note=relabelled,
        write_dir=str(record.parent),
    )
