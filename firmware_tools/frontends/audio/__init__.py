"""The audio front end (``firmware/frontends/audio/``): CMSIS-DSP's C sources it compiles from
the cmsisdsp sdist (``cmsis_dsp``) and the firmware benchmark's measurement of it (``bench``).

Its bit-exact Python reference is the model code's own front end, ``modules.audio.frontend``
(``log_mel_q7``, ``to_model_input``), and its tables writer is ``modules.audio.frontend_tables``;
the registry names both by dotted path, so nothing here imports ``modules``.
"""
