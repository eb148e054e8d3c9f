"""Keyword spotting: what its pipeline adds to the standard DAG (``pipelines/factory.py``).

WAV clips in the Speech Commands layout (``<word>/<speaker>_nohash_<n>.wav``) become log-mel
examples (the integer front end runs in the record function), hash-split by speaker so that no
voice is in training and evaluation both; clips in ``testing_list.txt`` (held-out voices) are
left out for the benchmark.
"""

from dataclasses import asdict

from modules.audio.frontend import DEFAULT as FRONTEND
from modules.keyword_spotting import SPEC, config, evaluation, preprocessing
from modules.keyword_spotting.streaming import StreamingConfig
from pipelines.factory import ModelPipeline, PushSettings, RecordFiles

PIPELINE = ModelPipeline(
    spec=SPEC,
    records=RecordFiles(
        file_pattern="*.wav",
        record_fn="modules.keyword_spotting.records.record_to_examples",
        split_feature=config.SPEAKER_KEY,
        record_fn_kwargs={"keywords": list(config.KEYWORDS)},
    ),
    schema_file="modules/keyword_spotting/schema.pbtxt",
    label_feature=config.LABEL_KEY,
    preprocessing_fn="modules.keyword_spotting.preprocessing.preprocessing_fn",
    run_fn="modules.keyword_spotting.trainer.run_fn",
    eval_config=evaluation.eval_config,
    push=PushSettings(
        feature_key=preprocessing.FEATURES_XF,
        label_key=preprocessing.LABEL_XF,
        class_names=config.DEFAULT_LABELS.class_names,
        extra_manifest={
            "frontend": FRONTEND.to_dict(),
            "preprocessing": "modules.audio.frontend (arm_mfcc_q15, q8.7 log-mel / 128)",
            "streaming": asdict(StreamingConfig()),
        },
        firmware_tables_fn="modules.audio.frontend_tables.write_firmware_tables",
    ),
    train_steps=8000,
    min_accuracy=0.85,
)

PIPELINE_NAME = PIPELINE.name
create_pipeline = PIPELINE.create_pipeline
data_components = PIPELINE.data_components
