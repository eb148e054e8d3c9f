"""``modelzoo data keyword-spotting``: synthesise, download and inspect keyword corpora."""

from __future__ import annotations

from collections import Counter
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from modules.cli_support import error_line, fail

console = Console()


class RealDataset(str, Enum):
    speech_commands = "speech-commands"
    musan = "musan"


def _write_synthetic(out: Path, synthesis_config) -> Path:
    from modules.audio.tts import TTSError
    from modules.keyword_spotting.synthesis import write_corpus

    try:
        rows = write_corpus(out, synthesis_config)
    except TTSError as error:
        fail(str(error))
    test = sum(r["split"] == "test" for r in rows)
    console.print(f"Wrote {len(rows)} clips ({test} by held-out voices) to {out}")
    return out


def write_default_data(out: Path) -> Path:
    """The embedded default corpus (``synthesis.DEFAULT_SYNTHESIS``) in Speech Commands layout."""
    from modules.keyword_spotting.synthesis import DEFAULT_SYNTHESIS

    return _write_synthetic(Path(out), DEFAULT_SYNTHESIS)


def data_commands(data_dir: Path) -> typer.Typer:
    """The model's data sub-commands; ``data_dir`` is its data home ($MODELZOO_DATA/<model>)."""
    app = typer.Typer(help="Keyword-spotting audio (Speech Commands layout).", no_args_is_help=True)

    @app.command("synth")
    def synth(
        out: Path = typer.Option(None, help="Output directory (default: $MODELZOO_DATA/...)."),
        espeak_speakers: int = typer.Option(480, min=0, help="espeak-ng training speakers."),
        test_speakers: int = typer.Option(60, min=0, help="espeak-ng held-out speakers."),
        flite_speakers: int = typer.Option(12, min=0, help="Speakers per flite voice."),
        festival_speakers: int = typer.Option(
            16, min=0, help="Speakers made from festival's kal voice."
        ),
        piper_speakers: int = typer.Option(40, min=0, help="Speakers made from piper's voice."),
        repeats: int = typer.Option(2, min=1, help="Renderings of each keyword per speaker."),
        phrase_crops: int = typer.Option(
            4, min=0, help="1 s crops of keyword-free phrases per training speaker (_unknown_)."
        ),
        noise_realisations: int = typer.Option(
            8, min=1, help="30 s recordings of each noise texture and of babble for training."
        ),
        seed: int = typer.Option(0, help="Seed: the same seed writes the same corpus."),
        workers: int = typer.Option(2, min=1, help="Processes that synthesise in parallel."),
    ):
        """Speak the keywords, unknown words and silence with text-to-speech, augmented
        (rooms, noise at -5..30 dB SNR, level, onset). Defaults: the embedded default corpus."""
        from modules.keyword_spotting.synthesis import SynthesisConfig

        cfg = SynthesisConfig(
            seed=seed,
            espeak_train_speakers=espeak_speakers,
            espeak_test_speakers=test_speakers,
            flite_speakers_per_voice=flite_speakers,
            festival_speakers=festival_speakers,
            piper_speakers=piper_speakers,
            keyword_repeats=repeats,
            phrase_crops_per_speaker=phrase_crops,
            train_background_realisations=noise_realisations,
            workers=workers,
        )
        _write_synthetic(out or data_dir / "synthetic", cfg)

    @app.command("download")
    def download(
        dataset: RealDataset = typer.Argument(..., help="Real data set."),
        out: Path = typer.Option(None, help="Output directory (default: $MODELZOO_DATA/...)."),
        url: str = typer.Option(None, help="Mirror or file:// copy of the archive."),
        yes: bool = typer.Option(False, "--yes", help="Accept the licence without asking."),
    ):
        """Download and checksum-verify Speech Commands v2 or MUSAN (shows licence, citation)."""
        from modules.audio import datasets

        console.print(datasets.DATASETS[dataset.value].describe())
        if not yes and not typer.confirm("Accept this licence and download?"):
            raise typer.Exit(1)
        try:
            path = datasets.download(dataset.value, out or data_dir / dataset.value, url=url)
        except datasets.DatasetError as error:
            fail(str(error))
        console.print(f"Downloaded and verified {dataset.value} in {path}")

    @app.command("inspect")
    def inspect(path: Path = typer.Argument(..., help="A corpus in Speech Commands layout.")):
        """Clips per word and split, speakers, background recordings; unreadable clips listed."""
        from modules.audio import corpus
        from modules.audio.io import AudioError, read_audio

        if not path.is_dir():
            fail(f"{path}: not a directory")
        clips = corpus.list_clips(path)
        if not clips:
            fail(f"{path}: no clips (<word>/<speaker>_nohash_<n>.wav) found")
        validation = corpus.read_list(path, corpus.VALIDATION_LIST)
        testing = corpus.read_list(path, corpus.TESTING_LIST)
        counts: Counter = Counter()
        bad = 0
        for clip in clips:
            try:
                read_audio(clip.path, None)
            except AudioError as error:
                bad += 1
                error_line(str(error), "corrupt")
                continue
            counts[clip.word, corpus.split_of(clip.relative(path), validation, testing)] += 1
        table = Table("word", "train", "validation", "test")
        for word in sorted({w for w, _ in counts}):
            table.add_row(word, *(str(counts[word, s]) for s in ("train", "validation", "test")))
        console.print(table)
        speakers = len({c.speaker for c in clips})
        noise = len(corpus.background_noise_files(path))
        console.print(
            f"{len(clips) - bad} readable clips, {bad} corrupt, {speakers} speakers, "
            f"{noise} background recordings"
        )
        if bad == len(clips):
            raise typer.Exit(2)

    return app
