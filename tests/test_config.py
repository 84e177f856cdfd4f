"""The app is a local tool: the project's Streamlit settings keep it on this machine."""

import tomllib

from conftest import ROOT


def test_streamlit_listens_locally_and_reports_nothing():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "localhost"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"


def test_no_bare_expression_is_displayed():
    """Magic off: a stray expression in a page never renders a fiche's text as Markdown."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False


def test_no_full_collection_after_each_rerun():
    """The setting is one Streamlit still reads: renamed, it would be ignored in silence."""
    from streamlit import config as streamlit_config

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    assert "runner.postScriptGC" in streamlit_config._config_options_template


def test_favicon_is_a_local_file():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert ":material/" not in app.split("set_page_config", 1)[1].split(")", 1)[0]
    assert (ROOT / "assets" / "favicon.png").read_bytes().startswith(b"\x89PNG")


def test_make_run_listens_on_localhost_by_default():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "ADDRESS ?= localhost" in makefile
    assert "--server.address $(ADDRESS)" in makefile


def test_readme_says_how_the_app_chooses_its_database():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Which database the app opens", 1)[1].split("###", 1)[0]
    assert "CAREERDASH_DB" in section and "data/careerdash.duckdb" in section
    assert "CAREERDASH_DB=" in section  # an example of opening another file
