"""Reading a standard from a file: YAML, or an Excel sheet of the same structure.

Both readers produce the same tree of ``Located`` mappings, which remember the line or
cell each value came from; ``build_definition`` then checks everything (points add up,
codes are unique, every metric exists, every rule is well formed, grades are ordered)
and returns the canonical definition, or raises ``StandardFileError`` listing every
problem with its line or cell. Nothing is written here: ``services.standard_load``
writes only a definition that passed.
"""

import hashlib
import json
from typing import Any

import yaml
from django.utils.translation import gettext as _
from yaml.nodes import MappingNode, ScalarNode

from gonghui.assessment.definition import build_definition
from gonghui.assessment.excel import parse_excel
from gonghui.assessment.located import Located, Problems, StandardFileError, where

__all__ = ["Located", "Problems", "StandardFileError", "build_definition", "content_hash", "read_definition"]

MAX_BYTES = 2 * 1024 * 1024


class _Loader(yaml.SafeLoader):
    """Builds ``Located`` mappings; codes are kept as written ("1.10" stays "1.10")."""

    problems: Problems


def _construct_mapping(loader: _Loader, node: MappingNode, deep: bool = False) -> Located:
    loader.flatten_mapping(node)
    out = Located(origin=("line", node.start_mark.line + 1))
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, bool) and isinstance(key_node, ScalarNode):
            # YAML 1.1 reads the key ``off`` (of a deduction) as false: a key is a name, kept as written.
            key = key_node.value
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


def parse_yaml(content: bytes) -> tuple[Any, Problems]:
    problems = Problems()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(None, None, _("The file is not UTF-8 text."))
        return None, problems
    loader = _Loader(text)
    loader.problems = problems
    try:
        doc = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = ("line", mark.line + 1) if mark else ("", None)
        problems.messages.append(
            _("%(where)s: %(message)s")
            % {"where": where(line), "message": _("not valid YAML (%(problem)s).") % {"problem": e.problem}}
        )
        return None, problems
    except yaml.YAMLError as e:
        problems.add(None, None, _("not valid YAML (%(problem)s).") % {"problem": e})
        return None, problems
    finally:
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
