"""``modelzoo data heart-arrhythmia``: synthesise, download and inspect WFDB records."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from modules.cli_support import error_line, fail

console = Console()


class Dataset(str, Enum):
    afdb = "afdb"
    ltafdb = "ltafdb"
    icentia11k = "icentia11k"


def _write_synthetic(out: Path, synthesis_config) -> Path:
    from modules.heart_arrhythmia.synthesis import write_dataset

    records = write_dataset(out, synthesis_config)
    console.print(f"Wrote {len(records)} records to {out}")
    return out


def write_default_data(out: Path) -> Path:
    """The embedded default data set (``synthesis.DEFAULT_DATASET``) in WFDB format."""
    from modules.heart_arrhythmia.synthesis import DEFAULT_DATASET

    return _write_synthetic(Path(out), DEFAULT_DATASET)


def data_commands(data_dir: Path) -> typer.Typer:
    """The model's data sub-commands; ``data_dir`` is its data home ($MODELZOO_DATA/<model>)."""
    app = typer.Typer(help="Heart arrhythmia ECG data (WFDB).", no_args_is_help=True)

    @app.command("synth")
    def synth(
        out: Path = typer.Option(None, help="Output directory (default: $MODELZOO_DATA/...)."),
        patients: int = typer.Option(3000, min=1, help="Number of simulated patients."),
        records_per_patient: int = typer.Option(1, min=1, help="Records per simulated patient."),
        minutes: float = typer.Option(1.0, min=0.5, help="Minutes per record."),
        snr_min: float = typer.Option(-6.0, help="Lowest per-record SNR, dB (NSTDB convention)."),
        snr_max: float = typer.Option(24.0, help="Highest per-record SNR, dB."),
        noise_scale: float = typer.Option(1.0, min=0.0, help="Multiplies all noise (0: clean)."),
        rhythm: list[str] = typer.Option(
            None, "--rhythm", help="Only these rhythms of the catalogue (repeat the option)."
        ),
        seed: int = typer.Option(0, help="Seed: the same seed writes the same records."),
    ):
        """Write synthetic ECG records (NORMAL / OTHER / AFIB / AFL rhythms, rhythm changes,
        noise) in WFDB format.

        The defaults are the embedded default data set (``synthesis.DEFAULT_DATASET``): each
        record's SNR is drawn uniformly in [--snr-min, --snr-max].
        """
        from modules.heart_arrhythmia.synthesis import RHYTHMS, SynthesisConfig

        if snr_min > snr_max:
            fail(f"--snr-min {snr_min} is larger than --snr-max {snr_max}")
        unknown = [r for r in rhythm or () if r not in RHYTHMS]
        if unknown:
            fail(f"unknown rhythm {', '.join(unknown)}; known: {', '.join(RHYTHMS)}")
        config_ = SynthesisConfig(
            n_patients=patients,
            records_per_patient=records_per_patient,
            record_minutes=minutes,
            snr_db_range=(snr_min, snr_max),
            noise_scale=noise_scale,
            rhythms=tuple(rhythm) if rhythm else None,
            seed=seed,
        )
        _write_synthetic(out or data_dir / "synthetic", config_)

    @app.command("download")
    def download(
        dataset: Dataset = typer.Argument(..., help="PhysioNet data set."),
        out: Path = typer.Option(None, help="Output directory (default: $MODELZOO_DATA/...)."),
        records: list[str] = typer.Option(None, "--record", help="Only these records."),
        yes: bool = typer.Option(False, "--yes", help="Accept the licence without asking."),
    ):
        """Download and checksum-verify a PhysioNet data set (shows its licence and citation)."""
        from modules.heart_arrhythmia import datasets

        console.print(datasets.describe(dataset.value))
        if not yes and not typer.confirm("Accept this licence and download?"):
            raise typer.Exit(1)
        out = out or data_dir / dataset.value
        try:
            path = datasets.download(dataset.value, out, records=records or None)
        except datasets.DatasetError as error:
            fail(str(error))
        console.print(f"Downloaded and verified {dataset.value} in {path}")

    @app.command("inspect")
    def inspect(path: Path = typer.Argument(..., help="A directory of records or one record.")):
        """Summarise records: sample rate, duration, rhythm time, labelled windows per class."""
        from modules.heart_arrhythmia import config, datasets
        from modules.heart_arrhythmia.windows import iter_windows

        paths = datasets.list_records(path) if path.is_dir() else [str(path)]
        if not paths:
            fail(f"{path}: no WFDB records (*.hea) found")
        table = Table("record", "patient", "fs", "minutes", *config.CLASS_NAMES, "unlabelled")
        bad = 0
        for record_path in paths:
            try:
                record = datasets.read_record(record_path, require_annotations=False)
            except datasets.RecordError as error:
                bad += 1
                error_line(str(error), "corrupt")
                continue
            counts = dict.fromkeys((*config.CLASS_NAMES, None), 0)
            for window in iter_windows(record, stride_s=config.WINDOW_S):
                counts[window.label] += 1
            table.add_row(
                record.name,
                record.patient_id,
                f"{record.fs:g}",
                f"{len(record.signal) / record.fs / 60:.1f}",
                *(str(counts[name]) for name in config.CLASS_NAMES),
                str(counts[None]),
            )
        console.print(table)
        console.print(
            f"{len(paths) - bad} readable, {bad} corrupt (windows of {config.WINDOW_S} s)"
        )
        if bad == len(paths):
            raise typer.Exit(2)

    return app
