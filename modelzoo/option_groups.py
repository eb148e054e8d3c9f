"""Typer option groups: options several commands share, declared once.

``option_group(argument, options, build)`` adds ``options`` (name, ``typer.Option``, type) to a
command's command-line signature and calls the command with ``argument=build(**values)``
instead of the separate values.
"""

from __future__ import annotations

import functools
import inspect


def option_group(argument: str, options, build):
    def decorate(command):
        signature = inspect.signature(command)
        kept = [p for p in signature.parameters.values() if p.name != argument]
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
            for name, option, kind in options
        ]

        @functools.wraps(command)
        def with_group(**kwargs):
            values = {name: kwargs.pop(name) for name, _, _ in options}
            return command(**kwargs, **{argument: build(**values)})

        with_group.__signature__ = signature.replace(parameters=kept + added)
        with_group.__annotations__ = {
            **command.__annotations__,
            **{name: kind for name, _, kind in options},
        }
        return with_group

    return decorate
