"""`ftcost serve`: the FT_* functions for Excel on Windows, Mac and the web, from an xlwings Server.

xlwings Server (the ``xlwings-server`` package, a FastAPI app) serves Office.js custom functions
from a *project folder* whose ``custom_functions`` package holds them. ``ftcost serve`` writes
that folder itself (a temporary one, the same files every time: its ``custom_functions`` is
``from ftcost.udfs import *``), configures xlwings Server through its ``XLWINGS_*`` settings and
runs it with uvicorn. Excel sideloads the add-in manifest from ``/manifest``; the functions then
appear as ``NAMESPACE.FT_…`` (``XLWINGS.FT_BREAKEVEN(...)`` by default).

Prices: ``FTCOST_PRICES`` (or ``--prices``) sets the server's default price set, and a formula's
``prices`` argument may name ``default``, ``article`` or a price file under the folders listed
in ``FTCOST_SERVER_PRICES_DIRS`` (or ``--prices-dir``) — nothing else on the server's disk.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_NAMESPACE",
    "DEFAULT_PORT",
    "MANIFEST_ID",
    "add_parser",
    "main",
    "run",
    "server_env",
    "write_project",
]

DEFAULT_HOST = "127.0.0.1"  # a team server sits behind an HTTPS proxy, not on every interface
DEFAULT_PORT = 8000
DEFAULT_NAMESPACE = "XLWINGS"  # xlwings Server's own default: =XLWINGS.FT_BREAKEVEN(...)
# ftcost's own add-in id, so that Excel does not take it for another xlwings Server add-in (the
# package's default ids are shared by every xlwings Server project).
MANIFEST_ID = "ef08aaa0-b56f-4c02-8f45-9c49d3c22d4e"
INSTALL_HINT = "pip install 'ftcost[server]'"
LICENSE_ENV = "XLWINGS_LICENSE_KEY"
PRICES_DIRS_ENV = "FTCOST_SERVER_PRICES_DIRS"  # read by ftcost.udfs on every `prices` argument

# The project folder xlwings Server reads: the same bytes on every run.
PROJECT_FILES = {
    "custom_functions/__init__.py": (
        "# Written by `ftcost serve`: the FT_* Excel functions are this server's custom functions.\n"
        "from ftcost.udfs import *  # noqa: F403\n"
    ),
    "custom_scripts/__init__.py": "# Written by `ftcost serve`: ftcost has no custom scripts.\n",
    # xlwings Server includes routers/custom.py's `router`: the wheel for xlwings Lite
    "routers/__init__.py": "",
    "routers/custom.py": """\
# Written by `ftcost serve`: serves the ftcost wheel given with --wheel, for xlwings Lite's
# requirements.txt (Pyodide fetches it from another origin: CORS allows any).
import os
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse
from xlwings_server.config import settings

router = APIRouter(prefix=settings.app_path)
WHEEL = os.environ.get("FTCOST_SERVE_WHEEL", "")


@router.get("/wheels/{name}")
async def wheel(name: str):
    if not WHEEL or name != Path(WHEEL).name:
        raise HTTPException(status_code=404, detail="no such wheel")
    return FileResponse(
        WHEEL, media_type="application/zip", headers={"Access-Control-Allow-Origin": "*"}
    )
""",
}
WHEEL_ENV = "FTCOST_SERVE_WHEEL"

_NAMESPACE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")


class _UsageError(Exception):
    """A bad option or setting: one line for the user, exit status 1."""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``serve`` command to ``ftcost``'s subcommands; ``main`` runs it."""
    p = subparsers.add_parser(
        "serve",
        help="serve the FT_* functions to Excel (Windows, Mac, web) as an xlwings Server",
        description=(
            "Start an xlwings Server that serves the FT_* functions to Excel on Windows, Mac and "
            "the web. Sideload the add-in manifest from http://HOST:PORT/manifest; the functions "
            'are then NAMESPACE.FT_... (e.g. =XLWINGS.FT_BREAKEVEN("gpt-4o","gpt-4o-mini",5000000)). '
            "Excel loads add-ins only over HTTPS: for a team, run it behind an HTTPS reverse "
            "proxy and give --hostname (see workbook/README.md). Needs the server extra "
            f"({INSTALL_HINT}) and an xlwings license key in ${LICENSE_ENV} "
            "('noncommercial' for non-commercial use)."
        ),
        epilog="example: XLWINGS_LICENSE_KEY=noncommercial ftcost serve --port 8000",
    )
    _add_options(p)
    p.set_defaults(func=run)  # the ftcost CLI calls args.func(args)
    return p


def _add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})"
    )
    p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})"
    )
    p.add_argument(
        "--namespace",
        default=DEFAULT_NAMESPACE,
        help=f"Excel namespace of the functions: NAMESPACE.FT_BREAKEVEN (default {DEFAULT_NAMESPACE})",
    )
    p.add_argument(
        "--hostname",
        metavar="NAME",
        help="public host name of an HTTPS reverse proxy in front of this server: the manifest "
        "then points Excel at https://NAME",
    )
    p.add_argument("--certfile", metavar="PEM", help="serve HTTPS directly with this certificate")
    p.add_argument("--keyfile", metavar="PEM", help="the certificate's private key")
    p.add_argument(
        "--wheel",
        metavar="FILE",
        help="also serve this ftcost wheel at /wheels/FILENAME (with CORS), for xlwings Lite's "
        "requirements.txt (build one with: pip wheel . --no-deps -w dist)",
    )
    p.add_argument(
        "--prices",
        metavar="NAME|FILE",
        help="the server's default price set: 'default', 'article' or a TOML file/folder "
        "(default: $FTCOST_PRICES or 'default')",
    )
    p.add_argument(
        "--prices-dir",
        metavar="DIR",
        action="append",
        default=[],
        help=f"a folder whose price files a formula's prices argument may name (repeatable; "
        f"added to ${PRICES_DIRS_ENV})",
    )


def write_project(folder: Path) -> Path:
    """Write the xlwings Server project folder that serves ``ftcost.udfs`` into ``folder``."""
    for rel, text in PROJECT_FILES.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return folder


def server_env(args: argparse.Namespace, project: Path, base: dict[str, str]) -> dict[str, str]:
    """The environment xlwings Server and ftcost.udfs run with (``base`` plus its settings)."""
    env = dict(base)
    env.update(
        {
            # xlwings picks its Office.js decorators when it is imported: set before any import
            "XLWINGS_ON_SERVER": "true",
            "XLWINGS_PROJECT_DIR": str(project),
            # settings come from here only, not from a .env or pyproject.toml in the cwd
            "DOTENV_PATH": str(project / ".env"),
            "XLWINGS_ENVIRONMENT": "prod",
            "XLWINGS_PROJECT_NAME": "ftcost",
            "XLWINGS_FUNCTIONS_NAMESPACE": args.namespace,
            "XLWINGS_MANIFEST_ID_PROD": MANIFEST_ID,
            "XLWINGS_ENABLE_EXAMPLES": "false",
            "XLWINGS_ENABLE_HOTRELOAD": "false",
        }
    )
    if args.hostname:
        env["XLWINGS_HOSTNAME"] = args.hostname
    if args.prices:
        env["FTCOST_PRICES"] = args.prices
    if args.wheel:
        env[WHEEL_ENV] = str(Path(args.wheel).resolve())
    if args.prices_dir:
        dirs = [d for d in env.get(PRICES_DIRS_ENV, "").split(os.pathsep) if d.strip()]
        env[PRICES_DIRS_ENV] = os.pathsep.join(
            dirs + [str(Path(d).resolve()) for d in args.prices_dir]
        )
    return env


def _check(args: argparse.Namespace) -> None:
    """Everything that can be said before starting, one line each."""
    for module in ("xlwings_server", "uvicorn"):
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise _UsageError(f"ftcost serve needs the server extra: {INSTALL_HINT}")
    if not os.environ.get(LICENSE_ENV, "").strip():
        raise _UsageError(
            f"xlwings Server needs a license key: set {LICENSE_ENV} to yours, or to "
            "'noncommercial' for non-commercial use"
        )
    if not _NAMESPACE_RE.fullmatch(args.namespace):
        raise _UsageError(
            f"--namespace: expected a letter then letters, digits or _ (at most 32), "
            f"got {args.namespace!r}"
        )
    if not 0 < args.port < 65536:
        raise _UsageError(f"--port: expected 1 to 65535, got {args.port}")
    if bool(args.certfile) != bool(args.keyfile):
        raise _UsageError("--certfile and --keyfile go together")
    for opt in ("certfile", "keyfile"):
        path = getattr(args, opt)
        if path and not Path(path).is_file():
            raise _UsageError(f"--{opt}: no such file: {path}")
    if args.wheel:
        wheel = Path(args.wheel)
        if not re.fullmatch(r"ftcost-[^-]+-[^-]+-[^-]+-[^-]+\.whl", wheel.name):
            raise _UsageError(
                f"--wheel: expected an ftcost wheel (ftcost-*.whl), got {wheel.name!r}"
            )
        if not wheel.is_file():
            raise _UsageError(f"--wheel: no such file: {args.wheel}")
        if not zipfile.is_zipfile(wheel):
            raise _UsageError(f"--wheel: not a wheel file: {args.wheel}")
    for d in args.prices_dir:
        if not Path(d).is_dir():
            raise _UsageError(f"--prices-dir: no such folder: {d}")
    if args.hostname and not re.fullmatch(r"[A-Za-z0-9.-]+(:[0-9]+)?", args.hostname):
        raise _UsageError(
            f"--hostname: expected a host name like excel.example.com, got {args.hostname!r}"
        )


def _check_port(host: str, port: int) -> None:
    """Say now, in one line, if the address is taken (uvicorn would log it among its start-up)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as e:
        raise _UsageError(f"--host: cannot use {host!r} ({e.strerror or e})") from None
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            s.bind(addr)
        except OSError as e:
            raise _UsageError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None


def _check_prices(env: dict[str, str]) -> None:
    """Load the default price set now: a broken price file is one line here, not #VALUE! later."""
    from ftcost.errors import FtCostError
    from ftcost.pricing import load_prices

    spec = env.get("FTCOST_PRICES", "").strip() or None
    try:
        load_prices(spec)
    except FtCostError as e:
        raise _UsageError(f"prices: {e}") from None
    except (OSError, ValueError) as e:
        raise _UsageError(f"prices: cannot read {spec!r} ({e})") from None


def _xlwings_ready() -> bool:
    """True if xlwings is not imported yet, or imported with the Office.js decorators."""
    xw = sys.modules.get("xlwings")
    return xw is None or getattr(xw.func, "__module__", "").startswith("xlwings.pro")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ftcost serve`` with ``argv`` (the options after ``serve``); returns the exit status."""
    parser = argparse.ArgumentParser(prog="ftcost serve", description="serve the FT_* functions")
    _add_options(parser)
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Start the server with parsed options (what ``add_parser``'s command runs)."""
    try:
        _check(args)
        if not _xlwings_ready():
            return _serve_from_a_fresh_process(args)
        saved = dict(os.environ)
        try:
            with tempfile.TemporaryDirectory(prefix="ftcost-serve-") as tmp:
                env = server_env(args, write_project(Path(tmp)), saved)
                _check_prices(env)
                _check_port(args.host, args.port)
                os.environ.clear()
                os.environ.update(env)  # xlwings and xlwings Server read their settings here
                app = _load_app()
                _banner(args)
                return _uvicorn(app, args)
        finally:
            os.environ.clear()
            os.environ.update(saved)
    except _UsageError as e:
        print(f"ftcost serve: {e}", file=sys.stderr)
        return 1


def _load_app():
    """xlwings Server's ASGI app (importing it imports xlwings, which checks the license key)."""
    try:
        from xlwings_server.main import main_app
    except Exception as e:
        if type(e).__name__ == "LicenseError":  # xlwings.LicenseError: a bad key, said in a line
            raise _UsageError(f"{LICENSE_ENV}: {e}") from None
        raise
    return main_app


def _banner(args: argparse.Namespace) -> None:
    scheme = "https" if args.certfile else "http"
    # listening on every interface: Excel reaches it by this machine's name, not by 0.0.0.0
    host = socket.getfqdn() if args.host in ("0.0.0.0", "::", "") else args.host
    public = f"https://{args.hostname}" if args.hostname else f"{scheme}://{host}:{args.port}"
    lines = [
        f"={args.namespace}.FT_BREAKEVEN(...) and the other FT_* functions; "
        f"add-in manifest: {public}/manifest (Ctrl+C stops)"
    ]
    if args.wheel:
        lines.append(f"xlwings Lite requirements.txt: {public}/wheels/{Path(args.wheel).name}")
    for line in lines:
        print(f"ftcost serve: {line}", file=sys.stderr, flush=True)


class _Stopped(Exception):
    """SIGTERM: uvicorn has shut down and passed the signal on."""


def _stopped(signum, frame) -> None:
    raise _Stopped


def _uvicorn(app, args: argparse.Namespace) -> int:
    import uvicorn

    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again with the handler it
    # found: this one, so that the project folder is removed rather than the process killed
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            ssl_certfile=args.certfile,
            ssl_keyfile=args.keyfile,
            log_level="info",
            # the proxy in front of a team server says https: the manifest then says it too
            proxy_headers=True,
        )
    except SystemExit as e:  # uvicorn exits (status 3) when it cannot start; its log said why
        return e.code if isinstance(e.code, int) else 1
    except (_Stopped, KeyboardInterrupt):  # stopped (kill PID, Ctrl+C): a normal end
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def _serve_from_a_fresh_process(args: argparse.Namespace) -> int:
    """This process imported xlwings with its classic decorators (they are chosen at import):
    serve from a fresh one, and pass a stop request on to it."""
    child = subprocess.Popen([sys.executable, "-m", "ftcost.server", *_argv_of(args)])
    previous = signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    try:
        return child.wait()
    except KeyboardInterrupt:  # the child got the Ctrl+C too, and ends as it does
        return child.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)


def _argv_of(args: argparse.Namespace) -> list[str]:
    out = ["--host", args.host, "--port", str(args.port), "--namespace", args.namespace]
    for opt in ("hostname", "certfile", "keyfile", "wheel", "prices"):
        value = getattr(args, opt)
        if value:
            out += [f"--{opt}", value]
    for d in args.prices_dir:
        out += ["--prices-dir", d]
    return out
