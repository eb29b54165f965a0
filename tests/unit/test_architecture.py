"""The layering the README promises, checked: analysis/ is plain Python (never Streamlit), one module holds the
Streamlit caches, and the hidden config option the app relies on still exists in the installed Streamlit."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_analysis_never_imports_streamlit_in_its_source():
    offenders = [p.name for p in (ROOT / "analysis").glob("*.py") if "streamlit" in imported_modules(p)]
    assert offenders == []


def test_importing_analysis_does_not_load_streamlit():
    code = "import sys, analysis; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_one_module_holds_the_streamlit_caches():
    holders = sorted(
        str(p.relative_to(ROOT))
        for p in ROOT.glob("*/*.py")
        if ".venv" not in p.parts and p.parts[-2] not in {"tests", "bench"}
        and ("@st.cache_data" in p.read_text(encoding="utf-8") or "@st.cache_resource" in p.read_text(encoding="utf-8"))
    )  # fmt: skip
    assert holders == ["ui/data.py"]


def test_the_hidden_post_script_gc_option_still_exists():
    """config.toml sets runner.postScriptGC, an option Streamlit hides from its docs: fail loudly if an upgrade
    removes it (Streamlit would ignore the line and the app would lose its throughput silently)."""
    from streamlit import config

    config_file = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config_file["runner"]["postScriptGC"] is False
    assert "runner.postScriptGC" in config._config_options_template
    assert config._config_options_template["runner.postScriptGC"].visibility == "hidden"
