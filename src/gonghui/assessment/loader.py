"""Reading a standard from a file: YAML, or an Excel sheet of the same structure.

Both readers produce the same tree of ``Located`` mappings, which remember the line or
cell each value came from; ``build_definition`` then checks everything (points add up,
codes are unique, every metric exists, every rule is well formed, grades are ordered)
and returns the canonical definition, or raises ``StandardFileError`` listing every
problem with its line or cell. Nothing is written here: ``services.standard_load``
writes only a definition that passed.
"""

import codecs
import hashlib
import json
from typing import Any

import yaml
from django.utils.translation import gettext as _
from yaml.nodes import MappingNode, ScalarNode

from gonghui.assessment.definition import build_definition
from gonghui.assessment.excel import parse_excel
from gonghui.assessment.located import Located, Problems, StandardFileError, where
from gonghui.assessment.yaml_syntax import explain, line_text, misplaced_key, quoted_line

__all__ = ["Located", "Problems", "StandardFileError", "build_definition", "content_hash", "read_definition"]

MAX_BYTES = 2 * 1024 * 1024


class _Loader(yaml.SafeLoader):
    """Builds ``Located`` mappings; codes are kept as written ("1.10" stays "1.10")."""

    problems: Problems
    text: str

    def construct_scalar(self, node: Any) -> Any:
        value = super().construct_scalar(node)
        if isinstance(node, ScalarNode) and node.style is None and isinstance(value, str):
            message = misplaced_key(value)
            if message:
                line = node.start_mark.line + 1
                _syntax_problem(self.problems, line, message, quoted_line(line_text(self.text, line)))
        return value


def _construct_mapping(loader: _Loader, node: MappingNode, deep: bool = False) -> Located:
    loader.flatten_mapping(node)
    out = Located(origin=("line", node.start_mark.line + 1))
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.style is None and key_node.tag.endswith(":bool"):
            key: Any = key_node.value  # a key is a name: YAML 1.1 would read off/on/yes/no as false/true
        else:
            key = loader.construct_object(key_node, deep=True)
        if isinstance(key, dict | list):
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
            )
        if key in ("code", "name") and isinstance(value_node, ScalarNode) and value_node.value != "":
            value: Any = value_node.value
        else:
            value = loader.construct_object(value_node, deep=True)
        line = ("line", key_node.start_mark.line + 1)
        if key in out:
            loader.problems.messages.append(
                _("%(where)s: %(message)s")
                % {"where": where(line), "message": _("the key %(key)s appears twice.") % {"key": key}}
            )
        out[key] = value
        out.places[str(key)] = line
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def decode_text(content: bytes) -> tuple[str | None, int]:
    """The text of a file saved as UTF-8 (with or without BOM), UTF-16 with a BOM, or
    GB18030/GBK (Notepad and Excel on Chinese Windows): (text, 0); (None, line) for a UTF-8
    file broken at that line, which GB18030 would read as gibberish; (None, 0) for no text."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
        loose = content.decode("utf-8", errors="replace")
        broken = loose.count("\ufffd")
        if broken and sum(1 for c in loose if c > "\x7f") > 11 * broken:  # mostly good UTF-8
            return None, loose.count("\n", 0, loose.index("\ufffd")) + 1
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # UTF-16 without a BOM, or not text at all
            return text, 0
    return None, 0


def _timestamp_as_text(loader: _Loader, node: ScalarNode) -> str:
    """Dates stay text: a standard holds none, and 2025-13-01 must not be an error."""
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _syntax_problem(problems: Problems, line: int, message: str, text: str) -> None:
    place = ("line", line) if line else ("", None)
    if text:
        problems.messages.append(
            _("%(where)s: %(message)s (the line reads: %(text)s)")
            % {"where": where(place), "message": message, "text": text}
        )
    else:
        problems.messages.append(_("%(where)s: %(message)s") % {"where": where(place), "message": message})


def parse_yaml(content: bytes) -> tuple[Any, Problems]:
    problems = Problems()
    text, broken_at = decode_text(content)
    if broken_at:
        problems.add(
            Located(origin=("line", broken_at)),
            None,
            _(
                "this line holds bytes that are not UTF-8 (a damaged character), in a file that is "
                "otherwise UTF-8. Type the characters of this line again, and save the file as UTF-8."
            ),
        )
        return None, problems
    if text is None:
        problems.add(
            None,
            None,
            _(
                "The file's encoding cannot be read (it is neither UTF-8, GBK/GB18030 nor UTF-16). "
                "Save it as UTF-8: in Notepad, “Save as” with the encoding UTF-8."
            ),
        )
        return None, problems
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        loader.problems = problems
        loader.text = text
        doc = loader.get_single_data()
    except yaml.YAMLError as e:
        line, message, quoted = explain(e, text)
        _syntax_problem(problems, line, message, quoted)
        return None, problems
    except RecursionError:
        problems.add(None, None, _("The file nests lists or mappings too deeply."))
        return None, problems
    finally:
        if loader is not None:
            loader.dispose()
    return doc, problems


def parse_file(content: bytes, filename: str) -> tuple[Any, Problems]:
    """The document tree of a YAML or Excel standard file, with the problems met reading it."""
    name = filename.lower()
    if len(content) > MAX_BYTES:
        problems = Problems()
        problems.add(None, None, _("The file is larger than 2 MB."))
        return None, problems
    if name.endswith((".xlsx", ".xls", ".ods")):
        return parse_excel(content)
    if name.endswith((".yaml", ".yml")):
        return parse_yaml(content)
    problems = Problems()
    problems.add(None, None, _("Upload a YAML file (.yaml) or an Excel workbook (.xlsx)."))
    return None, problems


# ---- checking and normalizing ------------------------------------------------


def content_hash(defn: dict[str, Any]) -> str:
    """The same content gives the same hash, whether it came from YAML or Excel."""
    canonical = json.dumps(defn, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_definition(content: bytes, filename: str) -> dict[str, Any]:
    doc, problems = parse_file(content, filename)
    if doc is None:
        problems.raise_if_any()
    return build_definition(doc, problems)
