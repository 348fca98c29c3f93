"""The classic (Windows add-in) registration of the FT_* functions, run on Linux.

``xlwings.udfs`` is the code behind the add-in's "Import Functions" button. It needs pywin32 only
to talk to Excel, so a worker process stubs those modules, decorates ``ftcost.udfs`` with the
classic decorators and runs the real ``import_udfs`` against a stand-in workbook that records
the VBA module it is given and the ``Application.MacroOptions`` calls (the Function Wizard's
descriptions and category). What Excel then does with them is verified only on real Excel.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import textwrap

import pytest

from ftcost import udfs

WORKER = textwrap.dedent(
    r"""
    import json, sys, types

    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        sys.modules[name] = types.ModuleType(name)
    sys.modules["pythoncom"].CoInitialize = lambda: None
    sys.modules["pywintypes"].com_error = type("com_error", (Exception,), {})
    sys.modules["win32com.client"].Dispatch = lambda x: x

    import xlwings as xw
    import xlwings.udfs as classic

    xw.func, xw.arg, xw.ret = classic.xlfunc, classic.xlarg, classic.xlret
    import ftcost.udfs as udfs

    recorded = {"vba": None, "macro_options": []}

    class Components:
        def __call__(self, name):
            raise sys.modules["pywintypes"].com_error(name)  # no xlwings_udfs module yet

        def Remove(self, component):
            raise AssertionError("nothing to remove")

        def Import(self, path):
            with open(path, encoding="utf-8") as f:
                recorded["vba"] = f.read()

    class Application:
        Version = "16.0"

        def MacroOptions(self, macro, **kw):
            recorded["macro_options"].append({"macro": macro, **kw})

    class Workbook:
        Name = "Book1.xlsm"
        VBProject = types.SimpleNamespace(VBComponents=Components())
        Application = Application()

    classic.udf_modules["ftcost.udfs"] = {"filename": udfs.__file__, "filetime": None, "module": udfs}
    classic.import_udfs("ftcost.udfs", Workbook())
    recorded["office_js"] = udfs.OFFICE_JS
    recorded["xlfunc"] = {
        name: {
            "category": getattr(udfs, name).__xlfunc__["category"],
            "options": {a["name"]: a["options"] for a in getattr(udfs, name).__xlfunc__["args"]},
        }
        for name in udfs.FUNCTIONS
    }
    print(json.dumps(recorded))
    """
)


@pytest.fixture(scope="module")
def imported() -> dict:
    out = subprocess.run(
        [sys.executable, "-c", WORKER], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_classic_decorators_take_every_function(imported):
    assert imported["office_js"] is False
    for name in udfs.FUNCTIONS:
        info = imported["xlfunc"][name]
        assert info["category"] == "FT Cost"
        for options in info["options"].values():
            assert options == {"ndim": 2, "err_to_str": True}


def test_vba_wrappers_have_the_signatures(imported):
    vba = imported["vba"]
    for name in udfs.FUNCTIONS:
        params = inspect.signature(getattr(udfs, name)).parameters.values()
        args = ", ".join(
            ("Optional " if p.default is not inspect.Parameter.empty else "") + p.name
            for p in params
        )
        assert f"Function {name}({args})" in vba
        call = ", ".join(p.name for p in inspect.signature(getattr(udfs, name)).parameters.values())
        assert f'{name} = XLPy.CallUDF("ftcost.udfs", "{name}", Array({call}), ThisWorkbook' in vba
    assert "Function FT_MODELS(Optional prices, Optional as_of)" in vba


def test_function_wizard_descriptions(imported):
    calls = {c["macro"]: c for c in imported["macro_options"]}
    assert sorted(calls) == sorted(f"'Book1.xlsm'!{n}" for n in udfs.FUNCTIONS)
    for name in udfs.FUNCTIONS:
        c = calls[f"'Book1.xlsm'!{name}"]
        assert c["Category"] == "FT Cost"
        assert c["Description"] == getattr(udfs, name).__doc__  # not cut: it is ≤ 255
        assert c["ArgumentDescriptions"] == list(udfs.ARG_DOCS[name].values())
