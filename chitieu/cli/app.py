"""The ``chitieu`` command: a thin layer that parses input, calls the library and renders the result."""

from __future__ import annotations

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.exceptions import Abort

from chitieu.cli.backup_cmd import mount_backup_commands
from chitieu.cli.consult_cmd import mount_consult_commands
from chitieu.cli.convert import convert
from chitieu.cli.correct_cmd import mount_correct_commands
from chitieu.cli.extract_cmd import extract_command, info_command
from chitieu.cli.register_cmds import mount_register_commands
from chitieu.cli.render import error_line
from chitieu.cli.report_cmd import mount_report_commands
from chitieu.cli.serve import mount_serve_command
from chitieu.cli.user_cmd import mount_user_commands
from chitieu.cli.vietnamese import _, speak_vietnamese, usage_error, vietnamese
from chitieu.errors import ChitieuError

app = typer.Typer(
    name="chitieu",
    help="Sổ theo dõi chỉ tiêu: đọc văn kiện, trích xuất chỉ tiêu và kết quả, theo dõi và đánh giá.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract_command)
app.command("info")(info_command)
app.command("convert")(convert)
mount_register_commands(app)
mount_correct_commands(app)
mount_report_commands(app)
mount_serve_command(app)
mount_backup_commands(app)
mount_consult_commands(app)
mount_user_commands(app)


def main() -> None:
    """Entry point, in Vietnamese (``cli/vietnamese.py``): every ``ChitieuError`` becomes one line on standard
    error and exit code 1; a command written wrong, one line and exit code 2."""
    speak_vietnamese()
    command = vietnamese(typer.main.get_command(app))
    try:
        code = command.main(prog_name="chitieu", standalone_mode=False)
    except ChitieuError as exc:
        error_line(str(exc))
        raise SystemExit(1) from exc
    except NoArgsIsHelpError as exc:
        print(exc.format_message())
        raise SystemExit(0) from exc
    except UsageError as exc:
        error_line(usage_error(exc))
        raise SystemExit(exc.exit_code) from exc
    except Abort as exc:
        error_line(_("Aborted."))
        raise SystemExit(1) from exc
    raise SystemExit(code if isinstance(code, int) else 0)
