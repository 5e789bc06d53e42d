"""The command line in Vietnamese: Typer's and Click's own words (help screens, usage errors).

Click's way to translate is gettext, and Typer's help screens (``typer.rich_utils``: "Options", "[required]", ...)
read their words through ``gettext.gettext`` once, when that module is first imported; ``speak_vietnamese`` binds
the catalogue (``locale/vi/LC_MESSAGES/chitieu.po``, compiled to ``chitieu.mo``) as the process's gettext domain and
language before any help is shown. The Click that Typer carries writes two words without gettext: the help
option's text and the "Usage: " of a usage line; ``VietnameseContext`` gives them from the same catalogue, and
``usage_error`` words a usage error (missing or unknown option, bad value) from it, since Click builds those
sentences in English.
"""

from __future__ import annotations

import gettext
import os
import re
from pathlib import Path
from typing import Any

import typer
from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError
from typer._click.formatting import HelpFormatter

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "chitieu"
CATALOGUE = gettext.translation(DOMAIN, LOCALE, languages=["vi"])
_ = CATALOGUE.gettext
_WORDED = re.compile("[ăâđêôơưĂÂĐÊÔƠƯà-ỹ]")  # a message Typer gave in Vietnamese already


def speak_vietnamese() -> None:
    """Make Vietnamese the language of every gettext word of this process (Typer's help screens, Click's
    messages). Call before the first help screen or error is shown."""
    os.environ["LANGUAGE"] = "vi"  # gettext's own choice of language; touches message catalogues only
    gettext.bindtextdomain(DOMAIN, str(LOCALE))
    gettext.textdomain(DOMAIN)


class VietnameseFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class VietnameseContext(typer.Context):
    """A command's context whose help option and usage line speak Vietnamese."""

    formatter_class = VietnameseFormatter

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        option = self.command.get_help_option(self)
        if option is not None:
            option.help = _("Show this message and exit.")


def vietnamese(command: Any) -> Any:
    """``command`` and every command under it with ``VietnameseContext``."""
    command.context_class = VietnameseContext
    command.options_metavar = _("[OPTIONS]")
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = _("COMMAND [ARGS]...")
    for sub in getattr(command, "commands", {}).values():
        vietnamese(sub)
    return command


def usage_error(error: UsageError) -> str:
    """One Vietnamese line for a usage error (Click words them in English)."""
    command = error.ctx.command_path if error.ctx is not None else "chitieu"
    hint = ""
    if isinstance(error, BadParameter):
        if error.param_hint is not None:
            hint = error.param_hint if isinstance(error.param_hint, str) else " / ".join(error.param_hint)
        elif error.param is not None:
            hint = error.param.get_error_hint()
    if isinstance(error, MissingParameter):
        return _("Missing {hint}.").format(hint=hint)
    if isinstance(error, BadParameter):
        return _("Invalid value for {hint}.").format(hint=hint)
    if isinstance(error, NoSuchOption):
        return _("No such option: {name}.").format(name=error.option_name)
    if _WORDED.search(error.message):  # Typer words some through gettext ("No such command ..."): Vietnamese
        return error.message
    return _("The command is not written right; see '{command} --help'.").format(command=command)
