from typer.testing import CliRunner

from cybersetu.cli import app


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "CyberSetu" in result.output
