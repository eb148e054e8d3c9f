"""Endpoint-AI model zoo for Ambiq Apollo4: the ``modelzoo`` command and shared helpers."""
