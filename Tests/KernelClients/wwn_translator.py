"""Papermill's parameter translator for the wwn kernel (papermill ships none for wwn).

papermill writes the values it is given (-p NAME VALUE) as code into an "injected-parameters"
cell after the cell tagged "parameters"; for wwn that code is `param NAME = VALUE` lines, which
redeclare the parameters in the kernel's session. Import this module before papermill runs:

    import wwn_translator  # registers the translator
    papermill.execute_notebook("in.ipynb", "out.ipynb", kernel_name="wwn", parameters={"fast": True})
"""
import math
import re

from papermill.models import Parameter
from papermill.translators import Translator, papermill_translators

# A `param NAME = VALUE` line, with an optional trailing `# help` comment.
PARAM_LINE = re.compile(r"^param\s+(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<value>.*?)\s*(#\s*(?P<help>.*))?$")


class WwnTranslator(Translator):
    @classmethod
    def translate_none(cls, val):
        return "nil"

    @classmethod
    def translate_escaped_str(cls, str_val):
        text = str(str_val)
        for plain, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
            text = text.replace(plain, escaped)
        return f'"{text}"'

    @classmethod
    def translate_float(cls, val):
        if math.isnan(val) or math.isinf(val):
            raise ValueError(f"wwn parameters cannot be {val}")
        return repr(val)

    @classmethod
    def translate_list(cls, val):
        return "[" + ", ".join(cls.translate(v) for v in val) + "]"

    @classmethod
    def translate_dict(cls, val):
        raise NotImplementedError("wwn parameters are booleans, numbers, strings, nil or lists")

    @classmethod
    def comment(cls, cmt_str):
        return f"# {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        return f"param {name} = {str_val}"

    @classmethod
    def inspect(cls, parameters_cell):
        """The `param` lines of the parameters cell (papermill --help-notebook, unknown-name warnings)."""
        found = []
        for line in parameters_cell.source.splitlines():
            match = PARAM_LINE.match(line)
            if match:
                value = match.group("value")
                kind = ("bool" if value in ("true", "false") else "NoneType" if value == "nil"
                        else "str" if value.startswith('"') else "list" if value.startswith("[") else "None")
                found.append(Parameter(name=match.group("name"), inferred_type_name=kind, default=value,
                                       help=match.group("help") or ""))
        return found


papermill_translators.register("wwn", WwnTranslator)
