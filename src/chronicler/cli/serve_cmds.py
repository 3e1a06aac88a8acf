"""`chronicler serve`: the JSON API and web dashboard over a database."""

from __future__ import annotations

import typer

from chronicler.cli.app import STATE, app, info


@app.command()
def serve(
    db: str = typer.Option(None, "--db", help="Database to serve (default: the global --db / CHRONICLER_DB)."),
    host: str = typer.Option("127.0.0.1", help="Interface to listen on; 0.0.0.0 to share on the network."),
    port: int = typer.Option(8000, help="TCP port."),
    token: str = typer.Option(
        None, "--token", envvar="CHRONICLER_TOKEN", show_envvar=True,
        help="Enables write endpoints (corrections, watchlists) for clients sending 'Authorization: Bearer TOKEN'. Without it the server is read-only.",
    ),
    max_body_bytes: int = typer.Option(262_144, envvar="CHRONICLER_MAX_BODY_BYTES", help="Refuse request bodies larger than this (413)."),
    base_url: str = typer.Option(None, envvar="CHRONICLER_BASE_URL", help="Public URL of the dashboard, for absolute links in Atom feeds (e.g. https://news.example.org); default relative links."),
) -> None:
    """Serve the dashboard (/), the JSON API (/api, docs at /docs) and the OpenAPI document (/openapi.json).

    Example: `chronicler serve --db news.sqlite --port 8000 --token "$(openssl rand -hex 16)"`.
    """
    import uvicorn

    from chronicler.serve.app import create_app

    target = db or STATE.db
    application = create_app(target, token=token or None, max_body_bytes=max_body_bytes, base_url=base_url or "")
    mode = "writes enabled for token holders" if token else "read-only (no --token)"
    info(f"serving {target} on http://{host}:{port}/ — {mode}; API docs at /docs")
    uvicorn.run(application, host=host, port=port, log_level="warning")
