"""argparse with its usage errors in Chinese, shared by the CLI and the desktop app's arguments.

argparse builds its error texts in English (its gettext catalogue has no Chinese); the common
ones are recognised here and said in Chinese, keeping the option names and values as given.
An unknown text is shown as it is rather than lost. Imports nothing but the standard library,
so the desktop app can use it without slowing its start-up.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

EXIT_USAGE = 2

# (pattern over argparse's English message, Chinese template using the pattern's groups).
# Each "argument X: …" message may be preceded by its argument's name, kept as X.
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^unrecognized arguments: (?P<args>.*)$", re.S), "无法识别的参数：{args}"),
    (
        re.compile(r"^the following arguments are required: (?P<args>.*)$", re.S),
        "缺少必需的参数：{args}",
    ),
    (
        re.compile(r"^one of the arguments (?P<args>.*) is required$", re.S),
        "必须给出以下参数之一：{args}",
    ),
    (
        re.compile(
            r"^argument (?P<arg>.+?): invalid choice: (?P<value>.+?)"
            r" \(choose from (?P<choices>.*)\)$",
            re.S,
        ),
        "参数 {arg} 的值 {value} 无效，可选：{choices}",
    ),
    (
        re.compile(r"^argument (?P<arg>.+?): expected one argument$", re.S),
        "参数 {arg} 后面需要跟一个值",
    ),
    (
        re.compile(r"^argument (?P<arg>.+?): expected at least one argument$", re.S),
        "参数 {arg} 后面至少需要跟一个值",
    ),
    (
        re.compile(r"^argument (?P<arg>.+?): expected (?P<n>\d+) arguments?$", re.S),
        "参数 {arg} 后面需要跟 {n} 个值",
    ),
    (
        re.compile(r"^argument (?P<arg>.+?): invalid (?P<kind>\S+) value: (?P<value>.*)$", re.S),
        "参数 {arg} 的值 {value} 格式不对（应为{kind}）",
    ),
    (
        re.compile(r"^argument (?P<arg>.+?): not allowed with argument (?P<other>.*)$", re.S),
        "参数 {arg} 不能与 {other} 同时使用",
    ),
    (
        re.compile(r"^argument (?P<arg>.+?): ignored explicit argument (?P<value>.*)$", re.S),
        "参数 {arg} 不接受值 {value}",
    ),
    (
        re.compile(r"^ambiguous option: (?P<opt>\S+) could match (?P<matches>.*)$", re.S),
        "选项 {opt} 不明确，可能是：{matches}",
    ),
]
_KIND = {"int": "整数", "float": "数字"}


def translate(message: str) -> str:
    """argparse's English error ``message`` in Chinese; an unknown message unchanged."""
    for pattern, template in _MESSAGES:
        m = pattern.match(message)
        if m:
            groups = m.groupdict()
            if "kind" in groups:
                groups["kind"] = _KIND.get(groups["kind"], groups["kind"])
            return template.format(**groups)
    return message


HELP_TEXT = "显示本帮助并退出"
POSITIONALS_TITLE = "位置参数"
OPTIONALS_TITLE = "选项"


class _LazyVersionAction(argparse._VersionAction):
    """argparse's ``version`` action with the version looked up when the option is given."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[override]
        import classgroup_desktop

        self.version = f"%(prog)s {classgroup_desktop.__version__}"
        super().__call__(parser, namespace, values, option_string)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse whose help and usage errors are Chinese, errors exiting 2 (no traceback).

    argparse's own headings ("positional arguments:", "options:") and its ``-h`` help text
    come from its gettext catalogue, which has no Chinese: they are set here instead."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = POSITIONALS_TITLE
        self._optionals.title = OPTIONALS_TITLE
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=HELP_TEXT)

    def add_version_argument(self) -> None:
        """``--version``: prints the program name and ``classgroup_desktop.__version__``,
        read only when asked (``importlib.metadata`` costs ~20 ms of every start otherwise)."""
        self.add_argument("--version", action=_LazyVersionAction, help="显示版本号并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "用法：", 1)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        if sys.stderr is not None:  # None under pythonw (the desktop app on Windows)
            sys.stderr.write(f"命令用法有误：{translate(message)}\n请用 --help 查看用法。\n")
        raise SystemExit(EXIT_USAGE)
