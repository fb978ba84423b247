"""What a YAML syntax error means for someone writing a standard by hand, in their language.

PyYAML says *"mapping values are not allowed here"* or *"could not find expected ':'"*, and
points at the place where its parser gave up, which is often a line after the mistake.
``explain`` turns the common errors into a message that says what is wrong and how to fix
it (a Tab used for indentation, a missing space after “:”, a colon inside an unquoted text,
a full-width “：”, an unclosed quote or bracket, …), picks the line where the mistake most
likely is, and quotes that line. Anything else falls back to a generic message that keeps
PyYAML's own words.
"""

from __future__ import annotations

import re

import yaml
from django.utils.translation import gettext as _

from gonghui.assessment.definition import GRADE_KEYS, ITEM_KEYS, SECTION_KEYS, TOP_KEYS, VETO_KEYS

# A key written with a full-width colon: "title：组织", "- code：A", "{name：优秀".
FULLWIDTH_KEY = re.compile(r"(?:^\s*(?:-\s+)?|[{,]\s*)[A-Za-z_][A-Za-z0-9_]*\s*：")
# A key with no space after its colon: "title:组织", "- code:A" (not "http://").
TIGHT_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):(?!//)(\S.*)$")
# A list entry with no space after its dash: "-code: A" (not "---" or "-5").
TIGHT_DASH = re.compile(r"^\s*-[^\s\-\d]")
# "key: value" at the start of a line, the value being what a colon inside breaks.
KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?[^\s:#\"'][^:#]*?:\s+)(\S.*)$")
# A plain text that is a key written wrong: "name：优秀" or "type:bands" inside {…}.
WRITTEN_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(：|:(?!//)(?=\S))")
KNOWN_KEYS = (
    TOP_KEYS | SECTION_KEYS | ITEM_KEYS | VETO_KEYS | GRADE_KEYS | {"type", "metric", "bands", "min", "max"}
)
FOUND_CHAR = re.compile(r"found (?:character )?'(.)'")
MAX_QUOTED = 60


def quoted_line(line: str) -> str:
    text = "".join(c if c.isprintable() else "⇥" if c == "\t" else "�" for c in line).strip()
    return text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…"


def line_text(text: str, n: int) -> str:
    lines = text.splitlines()
    return lines[n - 1] if 1 <= n <= len(lines) else ""


def quote_example(prefix: str, value: str) -> str:
    """``title: "考核: 组织"``: the value in the quotes that keep it whole."""
    value = value.rstrip()
    if '"' not in value:
        return f'{prefix.strip()} "{value}"'.strip()
    return f"{prefix.strip()} '{value.replace(chr(39), chr(39) * 2)}'".strip()


class _Lines:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines() or [""]

    def get(self, n: int) -> str:
        """Line ``n`` (1-based); "" past the end."""
        return self.lines[n - 1] if 1 <= n <= len(self.lines) else ""

    def before(self, n: int) -> int:
        """The last line before ``n`` that is neither blank nor a comment (0 if none)."""
        for i in range(min(n, len(self.lines) + 1) - 1, 0, -1):
            stripped = self.lines[i - 1].strip()
            if stripped and not stripped.startswith("#"):
                return i
        return 0


def _line(mark: yaml.Mark | None) -> int:
    return mark.line + 1 if mark is not None else 0


def _special_start(char: str, line: str, column: int | None) -> str:
    """Text beginning with a character YAML reserves: the example puts that value in quotes."""
    example = f'"{char}…"'
    if column is not None and line[column : column + 1] == char:
        before, rest = line[:column], line[column:]
        if "{" in before or "[" in before:  # inside {…} or […]: the value ends at , } or ]
            rest = re.split(r"[,}\]]", rest, maxsplit=1)[0]
        key = re.search(r"(?:^|[\s{,])([^\s{},:\[\]]+):\s*$", before)
        value = rest.strip()
        example = quote_example(f"{key.group(1)}:" if key else "", value) if value else example
    return _("text cannot begin with “%(char)s” in YAML. Put the text in quotes, e.g. %(example)s.") % {
        "char": char,
        "example": example,
    }


def _fullwidth_message(line: str) -> str:
    m = FULLWIDTH_KEY.search(line)
    example = line.strip()
    if m is not None:
        example = (line[: m.end() - 1].rstrip() + ": " + line[m.end() :].lstrip()).strip()
    return _(
        "the key is followed by a full-width colon “：”. "
        "Write the ASCII colon “:” and a space instead: %(example)s."
    ) % {"example": quoted_line(example)}


def misplaced_key(value: str) -> str:
    """The message for a text that YAML read whole but is a key written wrong, or ""."""
    m = WRITTEN_KEY.match(value)
    if m is None or m.group(1) not in KNOWN_KEYS:
        return ""
    if m.group(2) == "：":
        return _fullwidth_message(value)
    rest = value[m.end() :]
    return _("there is no space after “:”. Put a space after the colon, e.g. %(example)s.") % {
        "example": f"{m.group(1)}: {rest}"
    }


def _fullwidth_at(lines: _Lines, candidates: list[int]) -> int:
    for n in candidates:
        if n and FULLWIDTH_KEY.search(lines.get(n)):
            return n
    return 0


def _explain_marked(e: yaml.MarkedYAMLError, lines: _Lines) -> tuple[int, str]:
    problem = e.problem or ""
    context = e.context or ""
    at = _line(e.problem_mark) or _line(e.context_mark)
    ctx = _line(e.context_mark)
    col = e.problem_mark.column if e.problem_mark is not None else None

    if "'\\t'" in problem or "tab character" in problem or "\t" in lines.get(at)[: (col or 0) + 1]:
        return at, _(
            "a Tab character is used here. Indent with spaces, not Tab "
            "(and put a space, not a Tab, after “:” and “-”)."
        )
    wide = _fullwidth_at(lines, [ctx, at, lines.before(at)])
    if wide and ("expected ':'" in problem or "mapping values" in problem or "<block end>" in problem):
        return wide, _fullwidth_message(lines.get(wide))
    if "expected ':'" in problem or "did not find expected key" in problem:
        n = ctx or at
        line = lines.get(n)
        if FULLWIDTH_KEY.search(line):
            return n, _fullwidth_message(line)
        tight = TIGHT_KEY.match(line)
        if tight:
            example = f"{tight.group(1).strip()} {tight.group(2)}: {tight.group(3)}".strip()
            return n, _("there is no space after “:”. Put a space after the colon, e.g. %(example)s.") % {
                "example": example
            }
        return n, _(
            "this line is not “key: value”. Write the key, a colon and a space, then the value; "
            "if the line continues the text of the line above, indent it further than that key."
        )
    if "mapping values are not allowed" in problem:
        line = lines.get(at)
        m = KEY_VALUE.match(line)
        if m and col is not None and col >= len(m.group(1)):
            return at, _(
                "the text holds a colon followed by a space, which YAML reads as a new key. "
                "Put the text in quotes, e.g. %(example)s."
            ) % {"example": quote_example(m.group(1), m.group(2))}
        previous = lines.before(at)
        if previous and TIGHT_DASH.match(lines.get(previous)):
            return previous, _("there is no space after the “-” that starts a list entry: write - code: A.")
        return at, _(
            "this line is indented further than the line above, which already has its value. "
            "The keys of one entry start in the same column."
        )
    if "while scanning a quoted scalar" in context:
        return ctx or at, _(
            "the quote opened here is never closed. End the text with the same quote mark (\" or ')."
        )
    if "while parsing a flow" in context:
        n = ctx or at
        if "，" in lines.get(n) or "，" in lines.get(at):
            return n, _(
                "the entries in {…} or […] are separated by a full-width comma “，”. Use “,” instead."
            )
        opening = "{" if "mapping" in context else "["
        return n, _(
            "the “%(open)s” opened here is not closed with “%(close)s”, "
            "or its entries are not separated by commas."
        ) % {"open": opening, "close": "}" if opening == "{" else "]"}
    if "<block end>" in problem or "'-' indicator" in problem or "<document start>" in problem:
        before = lines.get(at)[: col or 0].rstrip()
        if "<scalar>" in problem and before.endswith(("'", '"')):
            return at, _("there is text after the closing quote. Put the whole text inside the quotes.")
        if "<scalar>" in problem and before.endswith(("]", "}")):
            return at, _(
                "there is text after a closing “]” or “}”. If the value is text, put all of it in quotes."
            )
        if "found '-'" in problem:
            return at, _(
                "a list entry “- …” is where a key was expected. "
                "Indent the list under its key (two spaces further than the key)."
            )
        return at, _(
            "the indentation of this line does not match the lines above. The keys of one entry "
            "start in the same column (under the first key after “- ”); indent with spaces only."
        )
    if "while scanning an alias" in context or "while scanning an anchor" in context:
        char = "*" if "alias" in context else "&"
        column = e.context_mark.column if e.context_mark is not None else col
        return ctx or at, _special_start(char, lines.get(ctx or at), column)
    if "undefined alias" in problem:
        return at, _special_start("*", lines.get(at), col)
    if "constructor for the tag" in problem:
        return at, _special_start("!", lines.get(at), col)
    if "while scanning a block scalar" in context and e.context_mark is not None:
        char = lines.get(ctx)[e.context_mark.column : e.context_mark.column + 1] or "|"
        return ctx, _special_start(char, lines.get(ctx), e.context_mark.column)
    found = FOUND_CHAR.search(problem)
    if found and ("cannot start any token" in problem or "expected the node content" in problem):
        return at, _special_start(found.group(1), lines.get(at), col)
    if "duplicate anchor" in context:
        return at, _(
            "“&” marks the same name twice (first on line %(first)s). If “&…” is text, put it in quotes."
        ) % {"first": ctx}
    if "unhashable key" in problem:
        return at, _(
            "a key cannot be a list or a mapping. If the key is text with “[” or “{”, put it in quotes."
        )
    if "single document" in context:
        return at, _(
            "the file holds more than one document (a line “---” or “...”). One file holds one standard."
        )
    if "unknown escape character" in problem:
        return at, _(
            "a backslash “\\” inside double quotes starts an escape. Use single quotes, or write “\\\\”."
        )
    return at, _generic(problem or str(e))


def _generic(problem: str) -> str:
    return _(
        "not valid YAML here (%(problem)s). Check the indentation (spaces only), the space after "
        "each “:” and “-”, and put text holding “: ” or “ #” in quotes."
    ) % {"problem": problem}


def explain(e: yaml.YAMLError, text: str) -> tuple[int, str, str]:
    """(line, message, the line's text quoted) of a YAML error; line 0 when none is known."""
    lines = _Lines(text)
    if isinstance(e, yaml.reader.ReaderError):
        n = text.count("\n", 0, e.position) + 1
        code = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "\0")
        message = _(
            "the file holds an invisible control character (%(char)s). Delete it "
            "(it often comes with text copied from Word or a web page)."
        ) % {"char": f"U+{code:04X}"}
        return n, message, quoted_line(lines.get(n))
    if isinstance(e, yaml.MarkedYAMLError):
        n, message = _explain_marked(e, lines)
        return n, message, quoted_line(lines.get(n)) if n else ""
    return 0, _generic(str(e)), ""
