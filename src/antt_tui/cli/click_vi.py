"""click's own words in Vietnamese: help headings, the help and version options, usage errors,
metavars and value errors.

click marks every message it prints with gettext (`_("Usage:")`) but reads the process-wide
gettext domain, which on an officer's Windows laptop has no language set. `install()` points
click's translation functions at the catalogue below instead, and names click's built-in value
types in Vietnamese (their names are the metavars shown in help: "--so SỐ"). It is called once,
before any command is declared, by `antt_tui.cli.group`.

Messages meant for the programmer who declares commands (a duplicate option name, …) are left
in English: an officer never sees them.
"""

from __future__ import annotations

import importlib

import click

# msgid → Vietnamese. A plural msgid (ngettext) is looked up by its singular and plural forms
# separately; Vietnamese has one form, so both usually map to the same sentence.
CATALOGUE: dict[str, str] = {
    # Help pages
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Positional arguments": "Tham số",
    "Commands": "Lệnh",
    "Show this message and exit.": "Xem hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Xem số phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "env var: {var}": "biến môi trường: {var}",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "(dynamic)": "(tùy lúc chạy)",
    "deprecated": "không còn dùng",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Lưu ý: lệnh {name!r} không còn dùng.{extra_message}",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi lại.",
    # Usage errors
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: {command} {option}",
    "Aborted!": "Đã hủy.",
    "Missing command.": "Thiếu lệnh con.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn bắt buộc",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Did you mean {possibility}?": "Có phải là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải là một trong: {possibilities}?)",
    "Got unexpected extra argument ({args})": "Thừa tham số: {args}.",
    "Got unexpected extra arguments ({args})": "Thừa tham số: {args}.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} nhận {nargs} giá trị.",
    "Invalid start character for option ({option})":
        "Tùy chọn bắt đầu bằng ký tự không hợp lệ ({option})",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ có 1.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị nhưng có {len}.",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "unknown error": "lỗi không rõ",
    # Values
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} không phải là {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không thuộc các lựa chọn {choices}.",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.":
        "{value!r} không đúng dạng nào trong {formats}.",
    "{value} is not in the range {range}.": "{value} không nằm trong khoảng {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là một số.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} không phải là có/không. Các giá trị được nhận: {states}",
    "{value!r} is not a valid UUID.": "{value!r} không phải là mã UUID hợp lệ.",
    "{len_type} values are required, but {len_value} was given.":
        "Cần {len_type} giá trị, nhưng có {len_value}.",
    "{len_type} values are required, but {len_value} were given.":
        "Cần {len_type} giá trị, nhưng có {len_value}.",
    # click.Path: its kind is the metavar ("--xlsx TỆP"); the messages name the path only.
    "file": "tệp",
    "directory": "thư_mục",
    "path": "đường_dẫn",
    "{name} {filename!r} does not exist.": "Không tìm thấy {filename!r}.",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được vào {filename!r}.",
    "{name} {filename!r} is not executable.": "Không chạy được {filename!r}.",
    # Prompts
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không giống nhau.",
    "Error: invalid input": "Lỗi: giá trị không hợp lệ",
    "Press any key to continue...": "Nhấn một phím bất kỳ để tiếp tục...",
    "Windows error: {error}": "Lỗi Windows: {error}",
    "{editor}: Editing failed": "{editor}: không sửa được",
    "{editor}: Editing failed: {e}": "{editor}: không sửa được: {e}",
}

# click's built-in value types, whose names are the metavars in help ("--so INTEGER").
_TYPE_NAMES = {"STRING": "giá_trị", "INT": "số", "FLOAT": "số", "BOOL": "có/không"}
_RANGE_NAMES = {"IntRange": "số", "FloatRange": "số"}

# The usage line's placeholders ("Usage: antt report [OPTIONS] COMMAND [ARGS]...").
_USAGE_WORDS = (("[OPTIONS]", "[TÙY_CHỌN]"), ("COMMAND1", "LỆNH_1"), ("COMMAND2", "LỆNH_2"),
                ("COMMAND", "LỆNH"), ("[ARGS]", "[THAM_SỐ]"))

# The click modules that translate their messages.
_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types",
            "_termui_impl", "shell_completion")


def gettext(message: str) -> str:
    """`message` in Vietnamese, or as it is when the catalogue does not have it."""
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form in Vietnamese (the catalogue holds both)."""
    return gettext(singular if n == 1 else plural)


class HelpFormatter(click.HelpFormatter):
    """click's help formatter with the usage line's placeholders in Vietnamese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, vietnamese in _USAGE_WORDS:
            args = args.replace(english, vietnamese)
        super().write_usage(prog, args, prefix)


def install() -> None:
    """Make click speak Vietnamese for the rest of the process (idempotent)."""
    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a module click may drop or split in a later version
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    click.Context.formatter_class = HelpFormatter
    for attr, label in _TYPE_NAMES.items():
        getattr(click.types, attr).name = label
    for cls, label in _RANGE_NAMES.items():
        getattr(click.types, cls).name = label
