"""`chronicler models list` / `chronicler models install <language>`."""

from __future__ import annotations

import typer

from chronicler.cli.app import app, console, info, print_json

models_app = typer.Typer(help="The spaCy model of each language pack: list, install.", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
def list_models(as_json: bool = typer.Option(False, "--json", help="One JSON object per model.")) -> None:
    """Every language pack's model: name, version, license, source and whether installed."""
    from chronicler.analyse.models import all_models

    for m in all_models():
        if as_json:
            print_json({**m.__dict__, "installed": m.installed})
            continue
        state = f"installed {m.installed_version}" if m.installed else f"missing — {m.fix}"
        console.print(
            f"{m.language} ({m.language_name}): {m.name} {m.version}, {m.license}, {m.source}; {state}",
            highlight=False, soft_wrap=True,
        )  # fmt: skip


@models_app.command("install")
def install_model(
    language: str = typer.Argument(..., help="Language code of the pack, e.g. es."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the license and the pip command only."),
) -> None:
    """Install a pack's spaCy model (pip --no-deps at the pinned version, as `spacy download` does)."""
    from chronicler.analyse.models import install, install_command, model_status
    from chronicler.lang import load_pack

    before = model_status(load_pack(language))
    console.print(
        f"{before.name} {before.version} for {before.language_name} is licensed {before.license} "
        f"({before.source}); it is installed beside chronicler, not bundled with it.",
        highlight=False, soft_wrap=True,
    )  # fmt: skip
    command = " ".join(install_command(before))
    if dry_run:
        console.print(command, highlight=False, soft_wrap=True)
        return
    if before.installed_version == before.version:
        info(f"already installed: {before.package} {before.installed_version}")
        return
    info(f"running: {command}")
    after, _ = install(language)
    console.print(f"installed {after.package} {after.installed_version}", highlight=False)
