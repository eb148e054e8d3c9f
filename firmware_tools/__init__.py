"""Firmware tooling: build and run C under QEMU, turn .tflite models into C, size the images."""
