"""The synthetic corpus: layout, held-out voices, conditions recorded, determinism by seed."""

from dataclasses import replace

import numpy as np
import pytest

from modules.audio import corpus, tts
from modules.audio.io import read_audio
from modules.keyword_spotting import config, synthesis

pytestmark = pytest.mark.skipif(
    not tts.available("espeak-ng"), reason="espeak-ng missing: scripts/audio_deps.sh"
)

CFG = replace(
    synthesis.TINY_SYNTHESIS,
    espeak_train_speakers=2,
    espeak_test_speakers=1,
    keywords=("yes", "no"),
)


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("kws_corpus")
    return root, synthesis.write_corpus(root, CFG, progress=False)


def test_layout_and_lists(tiny_corpus):
    root, rows = tiny_corpus
    clips = corpus.list_clips(root)
    assert sorted(c.relative(root) for c in clips) == sorted(r["path"] for r in rows)
    words = {c.word for c in clips}
    assert {"yes", "no", corpus.SILENCE} <= words and len(words) >= 4  # + unknown words
    testing = corpus.read_list(root, corpus.TESTING_LIST)
    assert testing == {r["path"] for r in rows if r["split"] == "test"} and testing
    train_speakers = {r["speaker"] for r in rows if r["split"] == "train"}
    test_speakers = {r["speaker"] for r in rows if r["split"] == "test"}
    assert train_speakers and test_speakers and not train_speakers & test_speakers
    names = {p.name for p in corpus.background_noise_files(root)}
    assert {"train-babble.wav", "test-babble.wav", "train-pink.wav"} <= names


def test_training_noise_has_realisations_of_its_own_and_held_out_noise_stays(tiny_corpus, tmp_path):
    """More training realisations add recordings; the first ones and the held-out split's are
    byte for byte those of a corpus with one realisation, however often it is rewritten."""
    root, rows = tiny_corpus
    speakers = synthesis.plan_speakers(CFG)
    files = synthesis.write_backgrounds(
        tmp_path, replace(CFG, train_background_realisations=3), speakers
    )
    kinds = len(synthesis.noise.TEXTURES) + 1  # + babble
    assert len(files["train"]) == 3 * kinds and len(files["test"]) == kinds
    assert len({p.name for p in files["train"]}) == 3 * kinds
    one = {p.name: p for p in corpus.background_noise_files(root)}
    for path in [*files["test"], *files["train"][:kinds]]:
        assert path.read_bytes() == one[path.name].read_bytes()
    pink = [read_audio(p, None).samples for p in files["train"] if p.stem.startswith("train-pink")]
    assert len(pink) == 3 and not np.array_equal(pink[0], pink[1])  # new noise, not copies

    synthesis.write_backgrounds(tmp_path / "again", CFG, speakers)  # one realisation first
    again = synthesis.write_backgrounds(
        tmp_path / "again", replace(CFG, train_background_realisations=3), speakers
    )
    assert [p.read_bytes() for p in again["train"]] == [p.read_bytes() for p in files["train"]]


def test_clips_are_one_second_with_recorded_conditions(tiny_corpus):
    root, rows = tiny_corpus
    meta = corpus.read_clips_csv(root)
    for row in rows[:8]:
        audio = read_audio(root / row["path"], None)
        assert audio.sample_rate == 16000 and len(audio.samples) == config.CLIP_SAMPLES
        assert np.max(np.abs(audio.samples)) > 0
        assert meta[row["path"]]["voice"] == row["voice"]
    noisy = [float(r["snr_db"]) for r in rows if r["snr_db"] != ""]
    assert noisy and all(CFG.snr_db[0] <= s <= CFG.snr_db[1] for s in noisy)


def test_held_out_voice_groups_never_train():
    speakers = synthesis.plan_speakers(synthesis.DEFAULT_SYNTHESIS)
    train = {s.voice.voice_id for s in speakers if s.split == "train"}
    test = {s.voice.voice_id for s in speakers if s.split == "test"}
    assert test and not train & test
    train_variants = {s.voice.variant for s in speakers if s.split == "train"}
    test_variants = {s.voice.variant for s in speakers if s.split == "test" and s.voice.variant}
    assert not train_variants & test_variants  # whole variants held out, not only combinations
    train_voices = {s.voice.name for s in speakers if s.split == "train"}
    assert not train_voices & {s.voice.name for s in speakers if s.split == "test"}


def test_speakers_are_deterministic(tmp_path):
    speaker = synthesis.plan_speakers(CFG)[0]
    noise_files = synthesis.write_backgrounds(tmp_path, CFG, [speaker])["train"]
    rooms = synthesis.write_rooms(tmp_path, CFG)["train"]
    task = (tmp_path / "a", speaker, CFG, noise_files, rooms, 0)
    first = synthesis.synthesize_speaker(task)
    second = synthesis.synthesize_speaker((tmp_path / "b", *task[1:]))
    assert [r["path"] for r in first] == [r["path"] for r in second]
    for row in first:
        a = (tmp_path / "a" / row["path"]).read_bytes()
        assert a == (tmp_path / "b" / row["path"]).read_bytes()


def test_unknown_words_hold_no_keyword_homophone_or_phrase():
    for word in synthesis.UNKNOWN_WORDS:
        assert word not in synthesis.KEYWORD_HOMOPHONES
        assert not set(word.split()) & set(config.KEYWORDS), word
        assert tts.english_phonemes(word) not in {
            tts.english_phonemes(k) for k in config.KEYWORDS
        }, word


def test_held_out_speakers_do_not_depend_on_the_training_side():
    base = synthesis.plan_speakers(synthesis.DEFAULT_SYNTHESIS)
    more = synthesis.plan_speakers(
        replace(synthesis.DEFAULT_SYNTHESIS, espeak_train_speakers=100, english_share=0.9)
    )
    assert [s for s in base if s.split == "test"] == [s for s in more if s.split == "test"]


def test_accent_voices_cover_every_english_phoneme_of_the_word_lists():
    words = [*config.KEYWORDS, *synthesis.UNKNOWN_WORDS]
    for name in (*synthesis.ESPEAK_ACCENT_TRAIN_VOICES[::7], "da", "fi", "ro"):
        for word in words:
            for token in tts.phoneme_tokens(tts.english_phonemes(word)):
                if token not in tts._KEEP:  # every English phoneme gets a sound of the voice
                    assert tts._nearest(name, token), (name, word, token)


def test_an_accent_never_turns_an_unknown_word_into_a_keyword():
    finnish = tts.Voice("espeak-ng", "fi", "m3")
    # Finnish has no "up" vowel: "up" and "app" are both "ap" in its accent
    assert tts.accented_phonemes("fi", "up") == tts.accented_phonemes("fi", "app")
    replacement = synthesis.distinct_unknown_word(finnish, "app", synthesis.DEFAULT_SYNTHESIS)
    assert replacement != "app" and replacement in synthesis.UNKNOWN_WORDS
    assert synthesis.distinct_unknown_word(finnish, "cup", synthesis.DEFAULT_SYNTHESIS) == "cup"
    english = tts.Voice("espeak-ng", "en-us")
    assert synthesis.distinct_unknown_word(english, "app", synthesis.DEFAULT_SYNTHESIS) == "app"
    speakers = synthesis.plan_speakers(synthesis.DEFAULT_SYNTHESIS)
    for speaker in speakers[::25]:
        rng = np.random.default_rng(speaker.seed)
        for plan in synthesis._clip_plans(speaker, synthesis.DEFAULT_SYNTHESIS, rng):
            if plan.word not in (*config.KEYWORDS, corpus.SILENCE) and not tts.is_english(
                speaker.voice
            ):
                spoken = tts.accented_phonemes(speaker.voice.name, plan.text.rstrip(".!?"))
                assert spoken not in {
                    tts.accented_phonemes(speaker.voice.name, k) for k in config.KEYWORDS
                }


def test_phrase_crops_are_training_unknowns_that_leave_the_word_clips_alone(tiny_corpus, tmp_path):
    """1 s crops of keyword-free phrases, by training speakers only, read as `_unknown_`; the word
    clips are byte for byte those of a corpus written without the phrase pass."""
    root, rows = tiny_corpus
    phrases = [r for r in rows if r["word"] == synthesis.PHRASE_FOLDER]
    trainers = {r["speaker"] for r in rows if r["split"] == "train"}
    assert len(phrases) == CFG.phrase_crops_per_speaker * len(trainers)
    assert all(r["split"] == "train" and r["text"] in synthesis.PHRASES for r in phrases)
    assert config.DEFAULT_LABELS.label_for_folder(synthesis.PHRASE_FOLDER) == config.UNKNOWN
    for row in phrases:
        audio = read_audio(root / row["path"], None)
        assert len(audio.samples) == config.CLIP_SAMPLES and np.max(np.abs(audio.samples)) > 0
    spoken = {w for p in synthesis.PHRASES for w in p.split()}
    assert not spoken & {*config.KEYWORDS, *synthesis.KEYWORD_HOMOPHONES}

    without = tmp_path / "without"
    rows_without = synthesis.write_corpus(
        without, replace(CFG, phrase_crops_per_speaker=0), progress=False
    )
    assert [r["path"] for r in rows_without] == [r["path"] for r in rows if r not in phrases]
    for row in rows_without:
        assert (without / row["path"]).read_bytes() == (root / row["path"]).read_bytes()


def test_crop_takes_one_second_of_longer_speech():
    rng = np.random.default_rng(0)
    speech = np.arange(3 * config.CLIP_SAMPLES, dtype=np.float32)
    clip = synthesis.crop(speech, rng)
    assert len(clip) == config.CLIP_SAMPLES and np.all(np.diff(clip) == 1)  # contiguous
    short = synthesis.crop(np.ones(4000, np.float32), rng)
    assert len(short) == config.CLIP_SAMPLES and short.sum() == 4000
